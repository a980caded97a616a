"""What the import contracts in pyproject.toml (lint-imports, in scripts/test) cannot say."""

import ast
import sys
import tomllib
from pathlib import Path

import nomentum

PACKAGE = Path(nomentum.__file__).parent
# Django's app config; the rest of insights is pure.
INSIGHT_APP = {"apps.py"}
# Charts escape the names people typed with Django's HTML helpers, and nothing else of Django.
CHART_HTML = {"django.utils.html", "django.utils.safestring"}
CACHING = {"remember", "remember_html"}


def imports(path: Path) -> list[tuple[str, str]]:
    """Return (module, name) for every import in a file, those only for type checking too.

    A plain `import x.y` gives ("x.y", ""); `from x import y` gives ("x", "y").
    """
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative imports hide where names come from"
            found += [(node.module or "", alias.name) for alias in node.names]
    return found


def modules(under: Path) -> list[Path]:
    return sorted(under.rglob("*.py"))


def where(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def test_the_pure_insights_import_only_the_standard_library_lib_and_insights():
    def allowed(module: str) -> bool:
        return (
            module.split(".")[0] in sys.stdlib_module_names
            or module in CHART_HTML
            or module.startswith(("nomentum.lib", "nomentum.insights"))
        )

    pure = [path for path in modules(PACKAGE / "insights") if path.name not in INSIGHT_APP]
    assert {"stats.py", "forecast.py", "charts/__init__.py", "charts/road.py"} <= {
        path.relative_to(PACKAGE / "insights").as_posix() for path in pure
    }
    outside = {
        (where(path), module) for path in pure for module, _ in imports(path) if not allowed(module)
    }
    assert not outside, f"pure insights importing what they must not: {sorted(outside)}"


def test_only_the_numbers_package_caches_numbers():
    numbers = PACKAGE / "numbers"
    caching = {
        (where(path), f"{module}.{name}".strip("."))
        for path in modules(PACKAGE)
        if numbers not in path.parents
        for module, name in imports(path)
        if name in CACHING
        or module == "nomentum.numbers.cache"
        or (module, name) == ("nomentum.numbers", "cache")
    }
    assert not caching, f"cached outside nomentum.numbers: {sorted(caching)}"


def test_every_app_is_a_layer_of_the_import_contract():
    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    apps = {f"nomentum.{path.parent.name}" for path in PACKAGE.glob("*/__init__.py")}
    # An app left out of the layers may import anything and be imported by anything.
    assert sorted(layers) == sorted(apps), f"apps outside the layers: {sorted(apps - {*layers})}"
