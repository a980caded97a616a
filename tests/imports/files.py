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
