from pathlib import Path

import pytest

from tests.imports.files import submission_log


@pytest.fixture(scope="session")
def sixty_thousand_rows(tmp_path_factory) -> Path:
    """The corpus's 60,000-row file, written at test time rather than kept in the repository."""
    path = tmp_path_factory.mktemp("corpus") / "sixty_thousand_rows.csv"
    path.write_bytes(submission_log(60_000))
    return path
