"""API tokens at /accounts/tokens: created and shown once, listed by prefix, revoked."""

import re

from django.test import Client

from nomentum.accounts.models import ApiToken, hash_token


def test_it_creates_a_token_and_shows_it_once(owner, owner_client):
    response = owner_client.post("/accounts/tokens", {"name": "phone shortcut"})
    assert response.status_code == 200
    match = re.search(r'<code class="token" id="new-token">(nmt_[\w-]+)</code>', response.text)
    assert match
    raw = match.group(1)
    token = ApiToken.objects.get(user=owner)
    assert token.name == "phone shortcut"
    assert token.key_hash == hash_token(raw)
    assert token.prefix == raw[:12]

    again = owner_client.get("/accounts/tokens")
    assert raw not in again.text
    assert f"<code>{token.prefix}…</code>" in again.text
    assert "phone shortcut" in again.text


def test_the_new_token_works_on_the_api(owner, owner_client):
    response = owner_client.post("/accounts/tokens", {"name": ""})
    match = re.search(r'id="new-token">([^<]+)<', response.text)
    assert match
    api = Client(headers={"Authorization": f"Bearer {match.group(1)}"})
    assert api.get("/api/v1/me").json()["username"] == "owner"


def test_it_lists_only_the_users_own_tokens(owner_client, outsider):
    theirs, _ = ApiToken.issue(outsider, "their script")
    response = owner_client.get("/accounts/tokens")
    assert "No tokens yet." in response.text
    assert theirs.prefix not in response.text


def test_it_revokes_a_token(owner, owner_client):
    token, _ = ApiToken.issue(owner, "old")
    response = owner_client.post(f"/accounts/tokens/{token.pk}/revoke", follow=True)
    assert response.redirect_chain == [("/accounts/tokens", 302)]
    assert f"Revoked the token {token.prefix}…" in response.text
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_it_revokes_only_by_post(owner, owner_client):
    token, _ = ApiToken.issue(owner)
    assert owner_client.get(f"/accounts/tokens/{token.pk}/revoke").status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_it_refuses_to_revoke_an_outsiders_token(owner, outsider_client):
    token, _ = ApiToken.issue(owner)
    assert outsider_client.post(f"/accounts/tokens/{token.pk}/revoke").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_it_refuses_a_name_too_long(owner, owner_client):
    response = owner_client.post("/accounts/tokens", {"name": "x" * 81})
    assert 'id="id_name_error"' in response.text
    assert 'id="new-token"' not in response.text
    assert not ApiToken.objects.exists()


def test_it_sends_a_visitor_to_log_in(db):
    response = Client().post("/accounts/tokens", {"name": "x"})
    assert response["Location"] == "/login?next=/accounts/tokens"
    assert not ApiToken.objects.exists()
