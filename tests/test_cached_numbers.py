"""Cached numbers are never stale: every kind of change shows on the next view.

Stats, forecasts, the home page's numbers and boards are cached under their
data's versions (nomentum.numbers.cache), which database triggers change
on every write. Each test here reads the numbers (filling the cache), changes
something one way a person or the system can, and reads again.
"""

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from nomentum.accounts.models import DataVersion, User
from nomentum.asks.models import Ask, Category, Outcome
from nomentum.challenges import services
from nomentum.challenges.models import Challenge, GoalChange, Membership
from nomentum.numbers import board
from nomentum.numbers import cache as versions
from nomentum.numbers.cache import user_version
from tests.conftest import GROUP_NOW, client_for, join, make_ask, make_challenge, make_user

pytestmark = pytest.mark.usefixtures("frozen")  # 2026-11-11
TODAY = GROUP_NOW.date()
D = dt.date


def stats(api) -> dict:
    response = api.get("/api/v1/stats")
    assert response.status_code == 200, response.content
    return response.json()


def counts(api) -> tuple[int, int, int, int]:
    numbers = stats(api)
    return numbers["asks"], numbers["rejections"], numbers["yeses"], numbers["pending"]


def categories(api) -> dict[str, int]:
    return {row["name"]: row["asks"] for row in stats(api)["by_category"] if row["asks"]}


@pytest.fixture
def pitch(owner) -> Category:
    return Category.objects.create(user=owner, name="Residency", slug="residency")


@pytest.fixture
def asks(owner, pitch) -> list[Ask]:
    return [
        make_ask(owner, asked_on=D(2026, 11, 2), category=pitch),
        make_ask(owner, asked_on=D(2026, 11, 3), outcome=Outcome.NO, decided_on=D(2026, 11, 5)),
    ]


def test_the_second_read_comes_from_the_cache_and_agrees(api, asks, django_assert_num_queries):
    first = stats(api)
    with django_assert_num_queries(3):  # the token, the data version, the cache
        assert stats(api) == first


# Each change: (what it does, the counts (asks, rejections, yeses, pending) after it).
def log_by_api(api, owner, asks) -> None:
    response = api.post("/api/v1/asks", {"title": "One more"}, content_type="application/json")
    assert response.status_code == 201


def answer_on_the_page(api, owner, asks) -> None:
    response = client_for(owner).post(f"/asks/{asks[0].pk}/outcome", {"answer": "yes"})
    assert response.status_code == 302


def delete_on_the_page(api, owner, asks) -> None:
    assert client_for(owner).post(f"/asks/{asks[1].pk}/delete").status_code == 302


def delete_by_api(api, owner, asks) -> None:
    assert api.delete(f"/api/v1/asks/{asks[1].pk}").status_code == 204


def import_a_file(api, owner, asks) -> None:
    data = b"title,asked_on,outcome\nA,2026-11-04,no\nB,2026-11-05,no\nC,2026-11-06,pending\n"
    response = api.post("/api/v1/import", {"file": SimpleUploadedFile("asks.csv", data)})
    assert response.status_code == 200, response.content


def check_in_a_tally(api, owner, asks) -> None:
    challenge = make_challenge(owner=owner)
    services.check_in(challenge, owner, 1, TODAY, tally={"asks": 3, "rejections": 2, "yeses": 1})


def a_bulk_update(api, owner, asks) -> None:
    # No save(), no signal: a queryset update, as a data fix or the admin's actions write.
    Ask.objects.filter(user=owner, outcome=Outcome.PENDING).update(
        outcome=Outcome.NO, decided_on=TODAY
    )


def a_shorter_silence_rule(api, owner, asks) -> None:
    owner.silence_days = 5  # the pending ask of 11-02 fell silent on 11-07
    owner.save()


CHANGES: dict[str, tuple[Callable, tuple[int, int, int, int]]] = {
    "log an ask (API)": (log_by_api, (3, 1, 0, 2)),
    "answer an ask (page)": (answer_on_the_page, (2, 1, 1, 0)),
    "delete an ask (page)": (delete_on_the_page, (1, 0, 0, 1)),
    "delete an ask (API)": (delete_by_api, (1, 0, 0, 1)),
    "import a file": (import_a_file, (5, 3, 0, 2)),
    "check in with a tally": (check_in_a_tally, (5, 3, 1, 1)),
    "a bulk update": (a_bulk_update, (2, 2, 0, 0)),
    "a shorter silence rule": (a_shorter_silence_rule, (2, 2, 0, 0)),
}


@pytest.mark.parametrize("name", CHANGES)
def test_every_change_shows_on_the_next_read(api, owner, asks, name):
    change, after = CHANGES[name]
    assert counts(api) == (2, 1, 0, 1)
    change(api, owner, asks)
    assert counts(api) == after


def test_a_new_day_shows_the_asks_that_fell_silent_overnight(api, owner, asks):
    assert counts(api) == (2, 1, 0, 1)
    # The pending ask of 11-02 falls silent after 30 days, on 12-02 where the owner lives.
    with time_machine.travel(dt.datetime(2026, 12, 1, 12, 0, tzinfo=owner.zone), tick=False):
        assert counts(api) == (2, 1, 0, 1)
    with time_machine.travel(dt.datetime(2026, 12, 2, 0, 30, tzinfo=owner.zone), tick=False):
        assert counts(api) == (2, 2, 0, 0)


def test_a_renamed_or_deleted_category_shows(api, owner, asks, pitch):
    assert categories(api) == {"Residency": 1, "No category": 1}
    pitch.name = "Residencies"
    pitch.save()
    assert categories(api) == {"Residencies": 1, "No category": 1}
    pitch.delete()  # its asks lose their category, by an update of theirs
    assert categories(api) == {"No category": 2}


def test_the_stats_page_home_page_and_forecast_follow_a_new_ask(owner, owner_client, api, asks):
    def page_numbers() -> tuple[str, str, int]:
        stats_page = owner_client.get("/insights/").text
        home = owner_client.get("/").text
        forecast = api.get("/api/v1/forecast").json()["based_on"]
        return stats_page.count("One more"), home.count("One more"), forecast["yeses"]

    owner_client.get("/asks/new")  # a browser that has seen a form: pages are cached for it
    before = page_numbers()
    assert owner_client.get("/insights/").text.count("One more") == before[0]  # cached
    ask = make_ask(owner, title="One more", asked_on=TODAY, outcome=Outcome.PENDING)
    assert page_numbers() != before  # waiting on the home page
    ask.outcome, ask.decided_on = Outcome.YES, TODAY
    ask.save()
    assert page_numbers()[2] == before[2] + 1


def test_a_user_without_a_version_is_counted_afresh_every_time(api, owner, asks):
    DataVersion.objects.filter(user_id=owner.pk).delete()
    assert user_version(owner.pk) is None
    assert counts(api) == (2, 1, 0, 1)
    Ask.objects.filter(pk=asks[0].pk).update(outcome=Outcome.NO, decided_on=TODAY)
    assert counts(api) == (2, 2, 0, 0)


def test_a_rolled_back_change_does_not_bring_back_an_old_version(owner, asks):
    before = user_version(owner.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_ask(owner, asked_on=TODAY)
        inside = user_version(owner.pk)
        raise RuntimeError("changed my mind")
    assert user_version(owner.pk) == before != inside
    make_ask(owner, asked_on=TODAY)
    assert user_version(owner.pk) not in (before, inside)


def test_a_new_user_has_a_version_and_a_deleted_one_leaves_none(db):
    user = make_user()
    assert user_version(user.pk) is not None
    user_id = user.pk
    user.delete()
    assert not DataVersion.objects.filter(user_id=user_id).exists()


# Pages with forms, cached as HTML ------------------------------------------------


def csrf_browser(user: User) -> Client:
    """A browser of the user's that checks CSRF tokens, as a real one gets checked."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def test_each_browser_gets_a_cached_home_page_whose_forms_work(owner, asks):
    waiting = [asks[0], make_ask(owner, asked_on=D(2026, 11, 9))]
    phone, laptop = csrf_browser(owner), csrf_browser(owner)
    for browser in (phone, laptop):
        browser.get("/")  # the first visit sets the browser's CSRF cookie
        browser.get("/")  # now cached, for this browser's secret
    assert phone.cookies["csrftoken"].value != laptop.cookies["csrftoken"].value
    for browser, answer, ask in ((phone, "yes", waiting[0]), (laptop, "no", waiting[1])):
        html = browser.get("/").text
        assert f'action="/asks/{ask.pk}/outcome"' in html  # its one-tap answers
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token is not None
        response = browser.post(
            f"/asks/{ask.pk}/outcome", {"answer": answer, "csrfmiddlewaretoken": token.group(1)}
        )
        assert response.status_code == 302, response.content[:300]
        assert Ask.objects.get(pk=ask.pk).outcome == answer
    # Each answer shows at once, on both browsers' pages.
    for browser in (phone, laptop):
        assert "/outcome" not in browser.get("/").text


def test_a_first_visit_is_not_kept_as_any_browser_s_page(owner, asks, django_assert_num_queries):
    browser = csrf_browser(owner)
    first = browser.get("/insights/")  # without a CSRF secret yet: rendered, not kept
    assert "csrftoken" in browser.cookies  # the log-out form gave the browser one
    other = csrf_browser(owner)
    other.get("/insights/")
    assert other.cookies["csrftoken"].value != browser.cookies["csrftoken"].value
    again = browser.get("/insights/")  # kept for this browser from now on
    assert again.text.count("Residency") == first.text.count("Residency")
    with django_assert_num_queries(4):  # session, user, the data version, the cache
        browser.get("/insights/")


# The board -----------------------------------------------------------------------


@pytest.fixture
def board_of(group, challenge) -> Callable[[User], dict[str, tuple[int, int | None]]]:
    def read(viewer: User) -> dict[str, tuple[int, int | None]]:
        fresh = Challenge.objects.get(pk=challenge.pk)
        return {
            row.name: (row.rejections, row.rejections_target)
            for row in board(fresh, TODAY, viewer).members
        }

    return read


def test_the_board_follows_every_member_and_the_challenge(
    group, challenge, owner, member, board_of
):
    assert board_of(owner) == {str(owner): (0, None), str(member): (0, None)}
    make_ask(member, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    assert board_of(owner)[str(member)] == (1, None)
    services.set_goal(challenge, member, rejections_total=9)
    assert board_of(owner)[str(member)] == (1, 9)
    member.display_name = "Marguerite"
    member.save()
    assert board_of(owner)["Marguerite"] == (1, 9)
    newcomer = make_user("newcomer")
    join(group, newcomer)
    assert set(board_of(owner)) == {str(owner), "Marguerite", "newcomer"}
    Membership.objects.filter(user=newcomer).update(hidden_from_ranking=True)
    assert set(board_of(owner)) == {str(owner), "Marguerite"}
    Membership.objects.filter(user=newcomer).delete()
    assert set(board_of(newcomer)) == {str(owner), "Marguerite"}
    # The challenge moves: the no of 11-03 falls outside it.
    challenge.starts_on = D(2026, 11, 4)
    services.save_challenge(challenge)
    assert board_of(owner)["Marguerite"] == (0, 9)


def test_a_leaver_and_a_joiner_with_the_same_version_still_change_the_board(
    group, challenge, owner, member, board_of
):
    assert set(board_of(owner)) == {str(owner), str(member)}
    version = user_version(member.pk)
    Membership.objects.filter(user=member).delete()
    joiner = make_user("joiner")
    join(group, joiner)
    # Even if the joiner's version were the leaver's, the memberships tell them apart.
    DataVersion.objects.filter(user_id=joiner.pk).update(version=version)
    assert set(board_of(owner)) == {str(owner), "joiner"}


def test_the_board_s_goal_changed_mark_follows_the_goal_s_history(api, owner, challenge):
    def changed() -> bool:
        response = api.get(f"/api/v1/challenges/{challenge.pk}/board")
        assert response.status_code == 200, response.content
        rows = {row["username"]: row for row in response.json()["members"]}
        return rows[owner.username]["goal_changed"]

    goal = services.set_goal(challenge, owner, rejections_total=12)
    assert changed() is False
    # The history is a table of its own: a data fix or a restore writes it, the goal stays.
    GoalChange.objects.create(goal=goal, rejections_total=10)
    assert changed() is True
    GoalChange.objects.filter(goal=goal).delete()
    assert changed() is False


def test_the_challenge_page_follows_check_ins_goals_and_the_group_s_name(
    group, challenge, owner, member
):
    browser = client_for(owner)
    browser.get("/asks/new")  # a CSRF secret: the page is kept for this browser
    url = f"/challenges/{challenge.pk}/"
    browser.get(url)
    services.check_in(challenge, owner, 1, TODAY, note="Seven pitches out")
    assert "Seven pitches out" in browser.get(url).text
    group.name = "December of NO"
    group.save()
    assert "December of NO" in browser.get(url).text
    services.set_goal(challenge, owner, rejections_total=17)
    assert 'data-mine="target">17<' in browser.get(url).text
    make_ask(member, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 3))
    assert 'data-total="rejections">1<' in browser.get(url).text


def test_the_ask_list_shows_a_new_ask_at_once(owner, api, asks):
    browser = client_for(owner)
    browser.get("/asks/new")
    assert "Grant: the spring fund" not in browser.get("/asks/").text
    assert "Grant: the spring fund" not in browser.get("/asks/").text  # now from the cache
    api.post("/api/v1/asks", {"title": "Grant: the spring fund"}, content_type="application/json")
    assert "Grant: the spring fund" in browser.get("/asks/").text


def test_a_new_release_never_reads_an_old_release_s_entries(tmp_path):
    package = tmp_path / "package"
    shutil.copytree(Path(versions.__file__).parent.parent / "templates", package / "templates")
    (package / "views.py").write_text("COUNT = 1\n")
    first = versions.release_digest(package)
    assert versions.release_digest(package) == first
    (package / "notes.txt").write_text("not part of a release")
    assert versions.release_digest(package) == first
    home = package / "templates" / "web" / "_home.html"
    home.write_text(home.read_text() + "<p>New</p>\n")
    second = versions.release_digest(package)
    (package / "views.py").write_text("COUNT = 2\n")
    assert len({first, second, versions.release_digest(package)}) == 3
