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
from nomentum.web.demo_people import CHECKIN_NOTES, PEOPLE, Persona

GROUP_NAME = "November of NO"
MARK = "Demo data"
DESCRIPTION = (
    f"{MARK}, loaded by `nomentum demo`: fifteen invented people (every name starts with "
    f"{DEMO_PREFIX}) and a month of invented asks. Nothing here is real. Fifteen people collect "
    "no's together for a month: three a week, twelve in all."
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
    # Every draw in the same order, always: the seed then tells the same story on every site.
    outcome, feedback, decided_on = _answer(rng, persona, asked_on, today)
    amount = _amount(rng, persona)
    follow_up = _follow_up(rng, asked_on, outcome)
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


def _answer(
    rng: random.Random, persona: Persona, asked_on: dt.date, today: dt.date
) -> tuple[str, str, dt.date | None]:
    """Return the outcome, feedback and answer date: pending when the answer is not due yet."""
    answered = asked_on + dt.timedelta(days=rng.randint(1, 12))
    if answered > today or rng.random() < 0.15:
        return Outcome.PENDING, "", None
    roll = rng.random()
    if roll < persona.yes_rate:
        return Outcome.YES, "", answered
    if roll < persona.yes_rate + 0.15:
        return Outcome.NO_RESPONSE, "", answered
    if roll < persona.yes_rate + 0.18:
        return Outcome.WITHDRAWN, "", answered
    feedback = rng.choice(
        [Feedback.FORM] * 5 + [Feedback.PERSONAL] * 3 + [Feedback.INVITED_BACK, ""]
    )
    return Outcome.NO, feedback, answered


def _amount(rng: random.Random, persona: Persona) -> int | None:
    if persona.amount and rng.random() < 0.7:
        return rng.randrange(persona.amount[0], persona.amount[1] + 1, 10)
    return None


def _follow_up(rng: random.Random, asked_on: dt.date, outcome: str) -> dt.date | None:
    if outcome == Outcome.PENDING and rng.random() < 0.6:
        return asked_on + dt.timedelta(days=rng.choice([7, 10, 14]))
    return None


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
    users = [
        _member(group, challenge, index, persona, password, last_ask, today)
        for index, persona in enumerate(PEOPLE)
    ]
    _checkins(rng, challenge, users, today)
    _cheers(rng, users)
    asks = Ask.objects.filter(user__in=users).count()
    return DemoResult(group, challenge, len(users), asks, created=True)


def _member(
    group: Group,
    challenge: Challenge,
    index: int,
    persona: Persona,
    password: str | None,
    last_ask: dt.date,
    today: dt.date,
) -> User:
    """Return the persona's user, in the group with a goal, and with its asks unless it had some."""
    user, new = _user(persona, password)
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
    return user


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
