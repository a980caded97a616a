"""Every environment variable Nomentum reads has a row in README.md's table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Reads through env_str/env_bool/env_int/env_list, os.environ.get, os.environ[...], os.getenv
PYTHON_READS = re.compile(
    r"""(?:env_(?:str|bool|int|list)\(|os\.environ\.get\(|os\.environ\[|os\.getenv\()\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# ${VAR:-default} or ${VAR-default} in shell scripts
SHELL_READS = re.compile(r"\$\{([A-Z][A-Z0-9_]+):?-")
# VAR ?= default in the Makefile: the environment overrides it
MAKE_READS = re.compile(r"^(?:export\s+)?([A-Z][A-Z0-9_]+)\s*\?=", re.MULTILINE)
README_ROW = re.compile(r"^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|", re.MULTILINE)


def variables_read() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in [
        *ROOT.glob("nomentum/**/*.py"),
        *ROOT.glob("tests/**/*.py"),
        *ROOT.glob("bench/**/*.py"),
    ]:
        for name in PYTHON_READS.findall(path.read_text()):
            found.setdefault(name, str(path.relative_to(ROOT)))
    for path in [ROOT / "scripts" / "test", ROOT / "scripts" / "serve", ROOT / ".ci" / "run"]:
        if path.exists():
            for name in SHELL_READS.findall(path.read_text()):
                found.setdefault(name, str(path.relative_to(ROOT)))
    for name in MAKE_READS.findall((ROOT / "Makefile").read_text()):
        found.setdefault(name, "Makefile")
    return found


def test_the_scan_finds_the_variables_it_must():
    read = variables_read()
    assert {
        "DATABASE_URL",
        "SECRET_KEY",
        "NOMENTUM_OPEN_SIGNUP",
        "PORT",
        "NOMENTUM_TEST_POSTGRES",
    } <= set(read)


def test_every_variable_read_has_a_row_in_the_readme():
    documented = set(README_ROW.findall((ROOT / "README.md").read_text()))
    missing = {name: where for name, where in variables_read().items() if name not in documented}
    assert not missing, f"add these to README.md's table of environment variables: {missing}"


def test_the_readme_documents_no_variable_that_nothing_reads():
    documented = set(README_ROW.findall((ROOT / "README.md").read_text()))
    assert documented - set(variables_read()) == set()
