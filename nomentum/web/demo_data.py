"""The demo group "November of NO": fifteen invented people and a month of their asks.

The group and its users carry the is_demo flag, which only this module sets:
names and descriptions can be copied by anyone, so the demo page, the loader
and the emails go by the flag alone. Usernames and names still start with
demo- and the description says it is demo data, for people to read. Nobody has
an email address, and notify never writes to a flagged user even once one has.
Loading twice adds nothing: the flagged group is found again, and the users by
their names among the flagged. An existing account that is not flagged but has
a demo user's name is never taken over: loading stops and names it. The
numbers come from a seeded random generator, so every site gets the same story,
placed in the most recent November.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from nomentum.accounts.models import DEMO_PREFIX, User
from nomentum.asks.models import Ask, Category, Feedback, Outcome
from nomentum.challenges.models import (
    Challenge,
    CheckIn,
    Cheer,
    Goal,
    Group,
    Membership,
    Role,
    Sharing,
)
from nomentum.lib.errors import Refusal

GROUP_NAME = "November of NO"
MARK = "Demo data"
DESCRIPTION = (
    f"{MARK}, loaded by `nomentum demo`: fifteen invented people (every name starts with "
    f"{DEMO_PREFIX}) and a month of invented asks. Nothing here is real. Fifteen people collect "
    "no's together for a month: three a week, twelve in all."
)


@dataclass(frozen=True)
class Persona:
    username: str
    name: str
    category: str
    recipients: tuple[str, ...]
    titles: tuple[str, ...]
    asks_per_week: float
    yes_rate: float
    amount: tuple[int, int] | None = None


PEOPLE = (
    Persona(
        "maya",
        "Maya",
        "Pitch",
        ("The Atlantic", "Wired", "Longreads", "Catapult", "Outside", "Slate", "Guernica"),
        (
            "Pitch: the last lighthouse keepers",
            "Pitch: night trains are back",
            "Pitch: a town that banned leaf blowers",
            "Essay: what 100 rejections taught me",
            "Pitch: the mushroom foragers of Berlin",
        ),
        5,
        0.12,
    ),
    Persona(
        "jonas",
        "Jonas",
        "Job",
        ("Spotify", "Zalando", "N26", "Doctolib", "Personio", "Celonis", "Trade Republic"),
        ("Application: senior data analyst", "Application: analytics lead", "Referral request"),
        4,
        0.08,
    ),
    Persona(
        "aisha",
        "Aisha",
        "Grant",
        ("MacDowell", "Yaddo", "Arts Council", "Creative Capital", "Headlands"),
        ("Residency application", "Project grant: tidal drawings", "Travel grant"),
        2,
        0.15,
        (500, 15000),
    ),
    Persona(
        "tom",
        "Tom",
        "Funding",
        ("Point Nine", "Seedcamp", "Cherry Ventures", "an angel from the meetup", "LocalGlobe"),
        ("Seed round intro", "Follow-up deck", "Ask for a warm intro"),
        4,
        0.1,
        (25000, 250000),
    ),
    Persona(
        "lena",
        "Lena",
        "Funding",
        ("Mrs. Okafor", "the Bakery on Main", "Rotary Club", "Dr. Weiss", "the hardware store"),
        ("Donation ask: library roof", "Sponsor the school run", "Raffle prize ask"),
        5,
        0.3,
        (20, 2000),
    ),
    Persona(
        "sam",
        "Sam",
        "Date",
        ("Alex from climbing", "Robin (book club)", "Jules", "Kai from the choir"),
        ("Asked for a coffee", "Asked to the gig on Friday", "Asked for a walk"),
        2,
        0.25,
    ),
    Persona(
        "priya",
        "Priya",
        "Pitch",
        ("PyCon DE", "EuroPython", "JSConf EU", "DjangoCon Europe", "FOSDEM"),
        ("Talk proposal: testing with time", "Workshop proposal", "Lightning talk"),
        2,
        0.2,
    ),
    Persona(
        "carlos",
        "Carlos",
        "Collaboration",
        ("Café Lume", "Studio Nord", "the co-working space", "Greta's agency"),
        ("Proposal: website redesign", "Offer: monthly retainer", "Case study ask"),
        4,
        0.15,
        (800, 6000),
    ),
    Persona(
        "kim",
        "Kim",
        "Pitch",
        ("Poetry Magazine", "Ploughshares", "The Rumpus", "Granta", "Tin House"),
        ("Poems: three about rivers", "Poem: inventory", "Chapbook submission"),
        4,
        0.06,
    ),
    Persona(
        "olu",
        "Olu",
        "Job",
        ("SAP", "Delivery Hero", "GetYourGuide", "Contentful", "HelloFresh"),
        ("Application: backend engineer", "Application: platform engineer", "Coffee chat ask"),
        4,
        0.1,
    ),
    Persona(
        "nina",
        "Nina",
        "Pitch",
        ("Kantine am Berghain", "a Spotify editor", "Radio Eins", "the jazz bar", "Lido"),
        ("Gig request", "Playlist pitch: new single", "Support slot ask"),
        3,
        0.15,
    ),
    Persona(
        "ravi",
        "Ravi",
        "Collaboration",
        ("Prof. Schmidt", "Prof. Laurent", "Dr. Chen", "the ETH lab", "Prof. Novak"),
        ("PhD position enquiry", "Ask for a reference", "Research visit request"),
        2,
        0.12,
    ),
    Persona(
        "eva",
        "Eva",
        "Pitch",
        ("Walker Books", "Agent: Hannah Shaw", "Nobrow", "Agent: Sam Ortiz", "Flying Eye"),
        ("Picture book query", "Portfolio submission", "Illustration pitch"),
        3,
        0.08,
    ),
    Persona(
        "ben",
        "Ben",
        "Other",
        ("my manager", "the landlord", "the gym", "my bank", "the airline"),
        ("Asked for a raise", "Asked for a rent reduction", "Asked to waive the fee"),
        2,
        0.35,
    ),
    Persona(
        "zoe",
        "Zoe",
        "Other",
        ("a neighbour", "the local paper", "the council", "a café owner", "the school"),
        ("Volunteer ask: park clean-up", "Ask to put up a poster", "Ask for a meeting room"),
        3,
        0.4,
    ),
)

CHECKIN_NOTES = (
    "Three no's this week and none of them hurt as much as I expected.",
    "A personal no! They said to try again in spring.",
    "Slow week. Sent two asks on Sunday night to make up for it.",
    "Got a yes I had forgotten about. Still counting the no's.",
    "Form rejections all round. Onwards.",
    "Asked the scariest person on my list. They said no, kindly.",
)


@dataclass(frozen=True)
class DemoResult:
    group: Group
    challenge: Challenge
    members: int
    asks: int
    created: bool


def demo_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """Return the most recent November that has begun: the challenge's dates."""
    year = today.year if today.month >= 11 else today.year - 1
    return dt.date(year, 11, 1), dt.date(year, 11, 30)


def _check_names_are_free() -> None:
    """Refuse, naming them, when accounts that are not demo data hold demo users' names."""
    names = [DEMO_PREFIX + persona.username for persona in PEOPLE]
    # In any case: a username is one account whatever its case, so `Demo-Maya` clashes too.
    taken = list(
        User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=names, is_demo=False)
        .order_by("username")
        .values_list("username", flat=True)
    )
    if not taken:
        return
    why = "(someone's own, or a demo loaded before demo data was flagged)"
    if len(taken) == 1:
        held = f"The username {taken[0]} belongs to an account that is not demo data {why}"
        act = "rename or delete it"
    else:
        held = f"The usernames {', '.join(taken)} belong to accounts that are not demo data {why}"
        act = "rename or delete them"
    raise Refusal(f"{held}: {act} in the admin, then run `nomentum demo` again.")


def _user(persona: Persona, password: str | None) -> tuple[User, bool]:
    username = DEMO_PREFIX + persona.username
    user = User.objects.filter(username=username, is_demo=True).first()
    created = user is None
    if user is None:
        # No email address: nothing would reach a demo user even if notify forgot the flag.
        user = User(
            username=username, display_name=DEMO_PREFIX + persona.name, email="", is_demo=True
        )
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    return user, created


def _asks(user: User, persona: Persona, first: dt.date, last: dt.date, today: dt.date) -> list:
    rng = random.Random(f"nomentum-demo-{persona.username}")  # noqa: S311 (made-up data)
    category = Category.objects.filter(user=user, name=persona.category).first()
    asks = []
    day = first
    while day <= last:
        for _ in range(_draws(rng, persona.asks_per_week / 7)):
            asks.append(_ask(rng, user, persona, category, day, today))
        day += dt.timedelta(days=1)
    return asks


def _draws(rng: random.Random, rate: float) -> int:
    # Roughly Poisson: a few days with two asks, many with none.
    count = 0
    while rng.random() < rate / (1 + count):
        count += 1
    return count


def _ask(
    rng: random.Random,
    user: User,
    persona: Persona,
    category: Category | None,
    asked_on: dt.date,
    today: dt.date,
) -> Ask:
    waited = rng.randint(1, 12)
    answered = asked_on + dt.timedelta(days=waited)
    if answered > today or rng.random() < 0.15:
        outcome, feedback, decided_on = Outcome.PENDING, "", None
    else:
        roll = rng.random()
        if roll < persona.yes_rate:
            outcome, feedback = Outcome.YES, ""
        elif roll < persona.yes_rate + 0.15:
            outcome, feedback = Outcome.NO_RESPONSE, ""
        elif roll < persona.yes_rate + 0.18:
            outcome, feedback = Outcome.WITHDRAWN, ""
        else:
            outcome = Outcome.NO
            feedback = rng.choice(
                [Feedback.FORM] * 5 + [Feedback.PERSONAL] * 3 + [Feedback.INVITED_BACK, ""]
            )
        decided_on = answered
    amount = None
    if persona.amount and rng.random() < 0.7:
        amount = rng.randrange(persona.amount[0], persona.amount[1] + 1, 10)
    follow_up = (
        asked_on + dt.timedelta(days=rng.choice([7, 10, 14]))
        if outcome == Outcome.PENDING and rng.random() < 0.6
        else None
    )
    ask = Ask(
        user=user,
        title=rng.choice(persona.titles),
        recipient=rng.choice(persona.recipients),
        category=category,
        asked_on=asked_on,
        amount=amount,
        follow_up_on=follow_up,
        private=rng.random() < 0.05,
        notes="Demo data.",
    )
    ask.set_outcome(outcome, today, feedback, decided_on=decided_on)
    return ask


def find_group() -> Group | None:
    """Return the demo group, if `nomentum demo` has loaded it."""
    return Group.objects.filter(is_demo=True).order_by("id").first()


def demo_users(group: Group) -> QuerySet[User]:
    """Return the group's demo users: never a real account, even one that joined it."""
    return User.objects.filter(memberships__group=group, is_demo=True)


@transaction.atomic
def load_demo(password: str | None = None, today: dt.date | None = None) -> DemoResult:
    """Load the demo group, or find it again; return it with its counts."""
    today = today or timezone.localdate()
    starts_on, ends_on = demo_month(today)
    last_ask = min(today, ends_on)
    group = find_group()
    if group is not None:
        return _found_again(group, password)
    _check_names_are_free()
    group = Group.objects.create(name=GROUP_NAME, description=DESCRIPTION, is_demo=True)
    challenge = Challenge.objects.create(
        group=group, name=GROUP_NAME, starts_on=starts_on, ends_on=ends_on
    )
    rng = random.Random("nomentum-demo")  # noqa: S311 (made-up data)
    users: list[User] = []
    for index, persona in enumerate(PEOPLE):
        user, new = _user(persona, password)
        users.append(user)
        Membership.objects.get_or_create(
            group=group,
            user=user,
            defaults={
                "role": Role.ORGANIZER if index == 0 else Role.MEMBER,
                "sharing": Sharing.DETAILS if index % 2 == 0 else Sharing.COUNTS,
                "hidden_from_ranking": index == 13,
            },
        )
        Goal.objects.get_or_create(
            challenge=challenge,
            user=user,
            defaults={
                "rejections_per_week": 3,
                "rejections_total": None if index % 3 else 12,
                "asks_total": 20 if index % 4 == 0 else None,
            },
        )
        if new or not Ask.objects.filter(user=user).exists():
            Ask.objects.bulk_create(_asks(user, persona, challenge.starts_on, last_ask, today))
    _checkins(rng, challenge, users, today)
    _cheers(rng, users)
    asks = Ask.objects.filter(user__in=users).count()
    return DemoResult(group, challenge, len(users), asks, created=True)


def _found_again(group: Group, password: str | None) -> DemoResult:
    """Return the loaded demo as it is, only giving its users the new password if any."""
    users = list(demo_users(group))
    if password:
        for user in users:
            user.set_password(password)
        User.objects.bulk_update(users, ["password"])
    challenge = Challenge.objects.filter(group=group, name=GROUP_NAME).order_by("id").first()
    assert challenge is not None
    asks = Ask.objects.filter(user__in=users).count()
    return DemoResult(group, challenge, len(users), asks, created=False)


def _checkins(rng: random.Random, challenge: Challenge, users: list[User], today: dt.date) -> None:
    for week in challenge.weeks():
        if week.ends_on >= today:
            continue
        for user in users:
            if rng.random() < 0.6:
                CheckIn.objects.get_or_create(
                    challenge=challenge,
                    user=user,
                    week=week.number,
                    defaults={"note": rng.choice(CHECKIN_NOTES)},
                )


def _cheers(rng: random.Random, users: list[User]) -> None:
    answered = list(
        Ask.objects.filter(
            user__in=users, private=False, outcome__in=[Outcome.NO, Outcome.YES]
        ).order_by("id")
    )
    for ask in answered:
        for user in rng.sample(users, 3):
            if user.pk != ask.user_id and rng.random() < 0.4:
                Cheer.objects.get_or_create(ask=ask, user=user)
