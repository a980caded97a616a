"""Recipients are grouped trimmed and in any case, counted by outcome as today counts them; a
group pools only details-sharing members' non-private asks, for recipients 5 members back."""

import datetime as dt

import pytest

from nomentum.accounts.models import User
from nomentum.asks import counting as queries
from nomentum.asks import services
from nomentum.asks.models import Ask, Outcome
from nomentum.challenges.models import Group, Membership, Sharing
from nomentum.challenges.queries import POOL_MIN_MEMBERS, pooled_recipients
from tests.conftest import join, make_ask, make_group, make_user

D = dt.date
TODAY = D(2026, 11, 11)


def answered(user: User, recipient: str, outcome: str, asked: dt.date, days: int, **fields):
    return make_ask(
        user,
        recipient=recipient,
        outcome=outcome,
        asked_on=asked,
        decided_on=asked + dt.timedelta(days=days),
        **fields,
    )


def by_key(rows: list[queries.RecipientNumbers]) -> dict[str, queries.RecipientNumbers]:
    return {row.key: row for row in rows}


def test_it_groups_recipients_trimmed_and_in_any_case(owner):
    answered(owner, "The Paris Review", Outcome.NO, D(2026, 10, 1), 4)
    answered(owner, "  the paris review ", Outcome.YES, D(2026, 10, 1), 10)
    answered(owner, "THE PARIS REVIEW", Outcome.NO_RESPONSE, D(2026, 9, 1), 30)
    answered(owner, "The Paris Review", Outcome.WITHDRAWN, D(2026, 10, 1), 1)
    make_ask(owner, recipient="the Paris Review", asked_on=D(2026, 11, 1))  # still pending
    make_ask(owner, recipient="The paris review", asked_on=D(2026, 9, 1))  # silent since Oct 1
    make_ask(owner, recipient="   ", asked_on=D(2026, 11, 1))
    make_ask(owner, recipient="", asked_on=D(2026, 11, 1))

    rows = queries.recipient_stats(Ask.objects.filter(user=owner), TODAY)

    assert len(rows) == 1
    row = rows[0]
    assert row.key == "the paris review"
    # One of the spellings, trimmed (which one depends on the database's collation).
    assert row.name.lower() == "the paris review"
    assert (row.asks, row.no, row.yes, row.no_response, row.pending, row.withdrawn) == (
        6,
        1,
        1,
        2,
        1,
        1,
    )
    assert row.rejections == 3
    assert row.yes_rate == pytest.approx(1 / 4)
    # Answered asks only: 4, 10 and 30 days; neither the withdrawal nor the silent ask.
    assert row.median_days_to_answer == 10


def test_it_orders_recipients_by_asks_then_name(owner):
    for recipient in ("Granta", "Zoetrope", "Zoetrope", "Aeon", "granta "):
        make_ask(owner, recipient=recipient)
    rows = queries.recipient_stats(Ask.objects.filter(user=owner), TODAY)
    assert [(row.key, row.asks) for row in rows] == [("granta", 2), ("zoetrope", 2), ("aeon", 1)]


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two(owner):
    for days in (1, 2, 6, 40):
        answered(owner, "Granta", Outcome.NO, D(2026, 1, 1), days)
    (row,) = queries.recipient_stats(Ask.objects.filter(user=owner), TODAY)
    assert row.median_days_to_answer == 4.0


def test_a_recipient_without_an_answer_has_no_rate_and_no_median(owner):
    make_ask(owner, recipient="Granta", asked_on=D(2026, 11, 1))
    (row,) = queries.recipient_stats(Ask.objects.filter(user=owner), TODAY)
    assert (row.yes_rate, row.median_days_to_answer, row.pending) == (None, None, 1)


def test_no_asks_no_recipients(owner):
    assert queries.recipient_stats(Ask.objects.filter(user=owner), TODAY) == []


def test_the_ask_list_filters_by_recipient_as_recipients_are_grouped(owner, outsider):
    make_ask(owner, title="One", recipient=" Paris Review")
    make_ask(owner, title="Two", recipient="paris review")
    make_ask(owner, title="Other", recipient="Paris Review Daily")
    make_ask(outsider, title="Not mine", recipient="Paris Review")
    asks = services.filter_asks(owner, today=TODAY, recipient="PARIS REVIEW ")
    assert sorted(ask.title for ask in asks) == ["One", "Two"]


# Pooled across a group ------------------------------------------------------------------


def sharing_group(size: int, sharing: str = Sharing.DETAILS) -> tuple[Group, list[User]]:
    people = [make_user() for _ in range(size)]
    group = make_group(people[0])
    Membership.objects.filter(group=group).update(sharing=sharing)
    for person in people[1:]:
        join(group, person, sharing=sharing)
    return group, people


def test_the_threshold_is_five_members():
    assert POOL_MIN_MEMBERS == 5


def test_a_recipient_backed_by_five_sharing_members_shows(db):
    group, people = sharing_group(5)
    for index, person in enumerate(people):
        answered(person, "Granta" if index else " GRANTA", Outcome.NO, D(2026, 10, 1), index + 1)
    answered(people[0], "Granta", Outcome.YES, D(2026, 10, 1), 20)

    (row,) = pooled_recipients(group.pk, TODAY)

    assert (row.key, row.members, row.asks, row.no, row.yes) == ("granta", 5, 6, 5, 1)
    assert row.median_days_to_answer == 3.5  # 1, 2, 3, 4, 5 and 20 days


def test_a_recipient_backed_by_four_members_does_not_show_however_many_asks(db):
    group, people = sharing_group(5)
    for person in people[:4]:
        for _ in range(10):
            make_ask(person, recipient="Granta")
    assert pooled_recipients(group.pk, TODAY) == []


def test_members_who_share_counts_only_are_not_pooled(db):
    group, people = sharing_group(4)
    quiet = make_user()
    join(group, quiet, sharing=Sharing.COUNTS)
    for person in [*people, quiet]:
        make_ask(person, recipient="Granta")
    assert pooled_recipients(group.pk, TODAY) == []
    Membership.objects.filter(user=quiet).update(sharing=Sharing.DETAILS)
    assert [row.members for row in pooled_recipients(group.pk, TODAY)] == [5]


def test_private_asks_are_never_pooled_nor_counted_toward_the_threshold(db):
    group, people = sharing_group(5)
    for person in people[:4]:
        make_ask(person, recipient="Granta")
    make_ask(people[4], recipient="Granta", private=True)
    assert pooled_recipients(group.pk, TODAY) == []
    make_ask(people[4], recipient="Granta")
    (row,) = pooled_recipients(group.pk, TODAY)
    assert (row.asks, row.members) == (5, 5)


def test_people_outside_the_group_are_not_pooled(db):
    group, people = sharing_group(4)
    stranger = make_user()
    other, _ = sharing_group(1)
    join(other, stranger, sharing=Sharing.DETAILS)
    for person in [*people, stranger]:
        make_ask(person, recipient="Granta")
    assert pooled_recipients(group.pk, TODAY) == []


def test_a_member_who_left_takes_their_asks_along(db):
    group, people = sharing_group(5)
    for person in people:
        make_ask(person, recipient="Granta")
    assert len(pooled_recipients(group.pk, TODAY)) == 1
    Membership.objects.filter(group=group, user=people[4]).delete()
    assert pooled_recipients(group.pk, TODAY) == []
