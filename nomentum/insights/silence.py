"""The silence rule for one ask, in Python: a silent pending ask (docs/RULES.md, "Silence").

Its SQL twin is nomentum.asks.counting.silent_on(), which counts many asks at
once; tests/test_counting.py holds the two side by side.
"""

import datetime as dt


def silent_on(asked_on: dt.date, silence_days: int) -> dt.date | None:
    """Return the day a pending ask asked on `asked_on` turns into a no_response.

    None with a silence rule of 0 days: such an ask never falls silent.
    """
    if silence_days <= 0:
        return None
    return asked_on + dt.timedelta(days=silence_days)
