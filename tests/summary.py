"""What the suite measured, at the end of the terminal report: one plugin for every section.

A plugin of the top conftest (pytest_plugins), not hooks in the conftests below it: under
pytest-xdist the controlling process prints the summary, and it never loads a conftest below
tests/ (its workers do the collecting). A test hands its figures over with
record_property(key, value); the property travels back from the workers with the report,
where a print would be lost.
"""

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

# record_property key -> section title, for the sections that are plain lines.
LINES = {
    "measured": "measured in the browser",
    "system": "measured on whole deployments",
}


def properties(terminalreporter: Any, key: str, when: str = "call") -> Iterator[Any]:
    """Yield every value recorded under `key`, in report order.

    Every kind of report: a passed test's teardown report is filed under "", not "passed".
    """
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", "") != when:
                continue
            for name, value in getattr(report, "user_properties", []):
                if name == key:
                    yield value


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    for key, title in LINES.items():
        lines = list(properties(terminalreporter, key))
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)
    fuzzed = list(properties(terminalreporter, "fuzzed", when="teardown"))
    if fuzzed:
        from tests.fuzz.conftest import EXAMPLES  # imports Django models: not at plugin load

        totals: Counter = Counter()
        for counts in fuzzed:
            totals.update(counts)
        terminalreporter.section("fuzzed")
        terminalreporter.write_line(
            f"{len(fuzzed)} API operations, {totals['examples']} examples "
            f"({EXAMPLES} per operation asked), {totals['server errors']} server errors, "
            f"{totals['schema violations']} schema violations, "
            f"{totals['other failures']} other failures"
        )
    from tests.security.conftest import print_walk_table

    print_walk_table(terminalreporter)
