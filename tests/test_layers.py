"""The layers hold: pure insights, one package that caches numbers, an API that imports no page."""

import ast
import sys
from pathlib import Path

import nomentum

PACKAGE = Path(nomentum.__file__).parent
# The insights app's pages (which stay there for now) and its app config; the rest is pure.
INSIGHT_PAGES = {
    "views.py",
    "history_views.py",
    "forms.py",
    "urls.py",
    "history_urls.py",
    "apps.py",
}
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

    pure = [path for path in modules(PACKAGE / "insights") if path.name not in INSIGHT_PAGES]
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


def test_the_api_imports_no_page_module():
    def page(module: str, name: str) -> bool:
        # `from nomentum.insights.views import x` as much as `from nomentum.insights import views`.
        return any(
            full.startswith("nomentum.web") or full.endswith("views")
            for full in (module, f"{module}.{name}")
        )

    pages = {
        (where(path), f"{module}.{name}".strip("."))
        for path in modules(PACKAGE / "api")
        for module, name in imports(path)
        if page(module, name)
    }
    assert not pages, f"the API importing pages: {sorted(pages)}"


# The bottom of the import graph: each may import only itself and what lies below it.
BOTTOM = {
    "lib": ("nomentum.lib",),
    "accounts": ("nomentum.lib", "nomentum.accounts"),
}


def test_the_bottom_apps_import_no_domain_app():
    def ours(module: str, name: str) -> str:
        # `from nomentum import numbers` imports nomentum.numbers.
        return f"{module}.{name}" if module == "nomentum" else module

    def allowed(target: str, below: tuple[str, ...]) -> bool:
        return (
            target.split(".")[0] != "nomentum"
            or target in below
            or target.startswith(tuple(f"{layer}." for layer in below))
        )

    above = {
        (where(path), ours(module, name))
        for app, below in BOTTOM.items()
        for path in modules(PACKAGE / app)
        for module, name in imports(path)
        if not allowed(ours(module, name), below)
    }
    assert not above, f"the bottom apps importing what lies above them: {sorted(above)}"
