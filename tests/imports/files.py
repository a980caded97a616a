"""Generated import files: the same bytes on every run."""

import datetime as dt

OUTCOMES = [
    "Rejected",
    "Form rejection",
    "Personal rejection",
    "Accepted",
    "No response",
    "Pending",
]


def submission_log(rows: int) -> bytes:
    """Return a writer's submission log of that many rows, Excel-style dates and all."""
    start = dt.date(2020, 1, 1)
    lines = ["Title,Market,Genre,Date Sent,Status,Notes"]
    for n in range(rows):
        day = start + dt.timedelta(days=n % 1800)
        lines.append(
            f"Story {n},Magazine {n % 97},{('Fiction', 'Poetry', 'Essay')[n % 3]},"
            f'{day:%m/%d/%Y},{OUTCOMES[n % len(OUTCOMES)]},"note {n}, kept"'
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def wide_file(columns: int, repeat: str | None = None) -> bytes:
    """Return a header of that many columns and one ask: Title, Date Sent, then the others.

    The others are all named `repeat` when given (Notes, Notes, ...), else Extra 1, Extra 2, ...
    """
    others = [repeat or f"Extra {n}" for n in range(1, columns - 1)]
    header = ",".join(["Title", "Date Sent", *others])
    return f"{header}\r\nThe Night Train,2025-11-03\r\n".encode()


# Headers far past the import's 200 columns, of one name repeated and of distinct names:
# refused before their names are read, whose cost would grow with the number of columns.
WIDE_FILES = {
    "10,000 equal names": wide_file(10_000, repeat="Notes"),
    "100,000 names": wide_file(100_000),
}
