"""Words that meet an answer: a no is progress, a yes is the bonus."""

import datetime as dt

from nomentum.accounts.models import User
from nomentum.asks.counting import Window, tallies
from nomentum.asks.models import FIRST_DAY, LAST_DAY, Ask, Feedback, Outcome
from nomentum.challenges.queries import running_for
from nomentum.insights.milestones import milestone_crossed

NO_MESSAGES = [
    "A no! One more step toward your goal.",
    "That's a no in the bag. Every no buys you a better shot at yes.",
    "Rejection logged. You asked, and that is the whole game.",
    "Another no collected. Momentum is made of these.",
    "A no, counted. The brave part was asking.",
]
FEEDBACK_MESSAGES = {
    Feedback.PERSONAL: "A personal no: someone read it and cared enough to write back.",
    Feedback.INVITED_BACK: "A no with an invitation back: that door is open.",
}
YES_MESSAGES = [
    "A yes! All those no's paid off.",
    "Yes! Enjoy it, then go collect more no's.",
]
SILENT_MESSAGES = [
    "No response, counted as a no. Silence is an answer too.",
]
WITHDRAWN_MESSAGES = ["Withdrawn. You decide where your work goes."]


def outcome_message(ask: Ask) -> str | None:
    """Return a short message for the ask's outcome, varied by ask, or None for a pending ask."""
    if ask.outcome == Outcome.NO and ask.feedback in FEEDBACK_MESSAGES:
        return FEEDBACK_MESSAGES[Feedback(ask.feedback)]
    pool = {
        Outcome.NO: NO_MESSAGES,
        Outcome.YES: YES_MESSAGES,
        Outcome.NO_RESPONSE: SILENT_MESSAGES,
        Outcome.WITHDRAWN: WITHDRAWN_MESSAGES,
    }.get(Outcome(ask.outcome))
    if not pool:
        return None
    return pool[(ask.pk or 0) % len(pool)]


def milestone_message(user: User, today: dt.date) -> str | None:
    """Return a moment of its own when the rejection just logged reached a goal or a milestone."""
    for running in running_for(user, today):
        if running.rejections_target and running.rejections == running.rejections_target:
            return f"Goal reached in {running.challenge.name}: {running.rejections} no's collected!"
    everything = {"all": Window(FIRST_DAY, LAST_DAY)}
    total = tallies(Ask.objects.filter(user=user), everything, today)[0]["all"].rejections
    crossed = milestone_crossed(total - 1, total)
    if crossed is None:
        return None
    if total == 1:
        return "Milestone: your first no! The hardest one is behind you."
    return f"Milestone: {crossed}! Look how far asking has taken you."
