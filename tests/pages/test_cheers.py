"""The group feed shows what each member shares, never a private ask; members cheer with one tap."""

import datetime as dt

import pytest

from nomentum.asks.models import Outcome
from nomentum.challenges.models import CheckIn, Cheer, Membership, Sharing
from tests.conftest import client_for, join, make_ask, make_user
from tests.pages.conftest import everything

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


def feed(html: str) -> str:
    return html.split('id="feed"')[1].split('id="members"')[0]


def share(group, user, sharing: str) -> None:
    Membership.objects.filter(group=group, user=user).update(sharing=sharing)


def a_no(user, **fields):
    fields.setdefault("recipient", "The Review")
    return make_ask(
        user, asked_on=D(2026, 11, 2), outcome=Outcome.NO, decided_on=D(2026, 11, 9), **fields
    )


# What the feed shows ---------------------------------------------------------------


def test_a_private_ask_never_appears(group, member, owner_client):
    share(group, member, Sharing.DETAILS)
    secret = a_no(member, title="Secret pitch", private=True)
    html = feed(owner_client.get(f"/groups/{group.pk}/").text)
    assert "Secret pitch" not in html
    assert f"ask-{secret.pk}" not in html
    assert "got a no" not in html


def test_a_counts_sharing_members_items_show_no_title(group, member, owner_client):
    share(group, member, Sharing.COUNTS)
    ask = a_no(member, title="Essay on night trains")
    html = feed(owner_client.get(f"/groups/{group.pk}/").text)
    assert f'id="ask-{ask.pk}"' in html
    assert "got a no" in html
    assert "Essay on night trains" not in html
    assert "The Review" not in html


def test_a_details_sharing_members_items_show_title_and_recipient(group, member, owner_client):
    share(group, member, Sharing.DETAILS)
    a_no(member, title="Essay on night trains")
    html = feed(owner_client.get(f"/groups/{group.pk}/").text)
    assert '<span class="feed-title">Essay on night trains</span>' in html
    assert "to The Review" in html


def test_a_check_in_note_shows_only_for_details(
    group, challenge, owner, member, owner_client, member_client
):
    share(group, owner, Sharing.DETAILS)
    CheckIn.objects.create(challenge=challenge, user=owner, week=1, note="A yes to courage.")
    CheckIn.objects.create(challenge=challenge, user=member, week=1, note="Keep this between us.")
    seen_by_member = feed(member_client.get(f"/groups/{group.pk}/").text)
    assert seen_by_member.count("checked in for week 1 of November of NO") == 2
    assert "A yes to courage." in seen_by_member
    seen_by_owner = feed(owner_client.get(f"/groups/{group.pk}/").text)
    assert "Keep this between us." not in seen_by_owner


def test_members_always_read_their_own_words(group, challenge, member, member_client):
    CheckIn.objects.create(challenge=challenge, user=member, week=1, note="Keep this between us.")
    assert "Keep this between us." in feed(member_client.get(f"/groups/{group.pk}/").text)


# Cheering ---------------------------------------------------------------------------


def test_cheering_toggles_and_shows_the_count(group, owner, member, owner_client):
    ask = a_no(member)
    page = f"/groups/{group.pk}/"

    response = owner_client.post(f"/cheers/{ask.pk}", {"next": f"{page}#ask-{ask.pk}"})
    assert response.status_code == 302
    assert response["Location"] == f"{page}#ask-{ask.pk}"
    assert list(Cheer.objects.values_list("ask", "user")) == [(ask.pk, owner.pk)]
    html = feed(owner_client.get(page).text)
    assert 'aria-pressed="true">Cheered <span class="cheer-count"' in html
    assert f'data-cheers="{ask.pk}">1</span> · Undo' in html

    owner_client.post(f"/cheers/{ask.pk}", {"next": page})
    assert not Cheer.objects.exists()
    html = feed(owner_client.get(page).text)
    assert 'aria-pressed="false">Cheer <span class="cheer-count"' in html
    assert f'data-cheers="{ask.pk}">0</span>' in html


def test_the_count_adds_up_everyones_cheers(group, owner, member, owner_client):
    third = make_user("third")
    join(group, third)
    ask = a_no(member)
    owner_client.post(f"/cheers/{ask.pk}")
    client_for(third).post(f"/cheers/{ask.pk}")
    html = feed(owner_client.get(f"/groups/{group.pk}/").text)
    assert f'data-cheers="{ask.pk}">2</span>' in html


def test_an_outsider_cannot_cheer(group, member, outsider_client):
    ask = a_no(member)
    before = everything()
    response = outsider_client.post(f"/cheers/{ask.pk}")
    assert response.status_code == 404
    assert everything() == before


def test_nobody_cheers_their_own_ask(group, member, member_client):
    ask = a_no(member)
    before = everything()
    assert member_client.post(f"/cheers/{ask.pk}").status_code == 404
    assert f'action="/cheers/{ask.pk}"' not in member_client.get(f"/groups/{group.pk}/").text
    assert everything() == before


def test_a_private_or_pending_ask_cannot_be_cheered(group, member, owner_client):
    private = a_no(member, private=True)
    pending = make_ask(member, asked_on=D(2026, 11, 10))
    before = everything()
    assert owner_client.post(f"/cheers/{private.pk}").status_code == 404
    assert owner_client.post(f"/cheers/{pending.pk}").status_code == 404
    assert everything() == before


def test_a_cheer_never_redirects_off_site(group, member, owner_client):
    ask = a_no(member)
    response = owner_client.post(f"/cheers/{ask.pk}", {"next": "https://evil.example/"})
    assert response["Location"] == "/groups/"
