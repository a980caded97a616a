"""A finished challenge is read-only: its goals are frozen, its last check-ins close a week later.

The board and history keep every number; only writes are refused, with a sentence
(409 in the API), by the services that make them, so pages and API agree.
"""

import datetime as dt

from nomentum.challenges.models import Challenge
from nomentum.lib.errors import Conflict

# Long enough to write the last week's check-in after the last day; short enough that
# last month's numbers cannot be rewritten later.
CHECK_IN_GRACE = dt.timedelta(days=7)


def goals_frozen(challenge: Challenge, today: dt.date) -> bool:
    return today > challenge.ends_on


def check_ins_close_on(challenge: Challenge) -> dt.date:
    """Return the last day a check-in is accepted: a week after the challenge ends."""
    return challenge.ends_on + CHECK_IN_GRACE


def refuse_goal_change(challenge: Challenge, today: dt.date) -> None:
    if goals_frozen(challenge, today):
        raise Conflict(
            f"{challenge.name} ended on {challenge.ends_on:%b} {challenge.ends_on.day}: "
            "its goals stay as they were."
        )


def refuse_late_check_in(challenge: Challenge, today: dt.date) -> None:
    closed = check_ins_close_on(challenge)
    if today > closed:
        raise Conflict(
            f"Check-ins for {challenge.name} closed on {closed:%b} {closed.day}, "
            "a week after it ended."
        )
