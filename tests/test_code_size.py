"""No module in nomentum/ passes 400 lines and no function 40, but for any listed here."""

import ast
from pathlib import Path

import nomentum

PACKAGE = Path(nomentum.__file__).parent
MAX_FILE_LINES = 400
# From its `def` to its last line, decorators left out and the docstring counted.
MAX_FUNCTION_LINES = 40

# Exceptions, at their size when listed: each may shrink, none may grow. There are none
# left; a new long module or function is split, by concern or by step.
LONG_FILES: dict[str, int] = {}
LONG_FUNCTIONS: dict[str, int] = {}


def modules() -> list[Path]:
    # A migration is history, never edited once released: its length is not read again.
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def where(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, int]]:
    """Return (qualified name, lines) for every function in the tree, nested ones too."""
    found = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.ClassDef):
            found += functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            found.append((f"{prefix}{node.name}", node.end_lineno - node.lineno + 1))
            found += functions(node, f"{prefix}{node.name}.")
        else:
            found += functions(node, prefix)
    return found


def sizes() -> tuple[dict[str, int], dict[str, int]]:
    """Return the files over MAX_FILE_LINES and the functions over MAX_FUNCTION_LINES."""
    files, funcs = {}, {}
    for path in modules():
        text = path.read_text()
        if len(text.splitlines()) > MAX_FILE_LINES:
            files[where(path)] = len(text.splitlines())
        for name, lines in functions(ast.parse(text, str(path))):
            if lines > MAX_FUNCTION_LINES:
                funcs[f"{where(path)}:{name}"] = lines
    return files, funcs


def over(found: dict[str, int], allowed: dict[str, int]) -> list[str]:
    return [
        f"{name}: {lines} lines" + (f" (listed at {allowed[name]})" if name in allowed else "")
        for name, lines in sorted(found.items())
        if lines > allowed.get(name, 0)
    ]


def test_no_module_grows_past_400_lines():
    files, _ = sizes()
    assert not over(files, LONG_FILES), f"split by concern: {over(files, LONG_FILES)}"


def test_no_function_grows_past_40_lines():
    _, funcs = sizes()
    assert not over(funcs, LONG_FUNCTIONS), f"split by step: {over(funcs, LONG_FUNCTIONS)}"


def test_every_listed_exception_is_still_long():
    files, funcs = sizes()
    stale = sorted({*LONG_FILES} - {*files}) + sorted({*LONG_FUNCTIONS} - {*funcs})
    assert not stale, f"short enough now, take them off the lists: {stale}"


def test_the_count_starts_at_the_def_and_takes_in_the_docstring():
    tree = ast.parse('class A:\n    def f(self):\n        """Doc."""\n\n        return 1\n')
    assert functions(tree) == [("A.f", 4)]
