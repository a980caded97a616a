"""Deleting an ask at /asks/<id>/delete: GET asks for confirmation, POST deletes."""

from django.test import Client

from nomentum.asks.models import Ask
from tests.conftest import make_ask


def test_it_asks_for_confirmation(owner, owner_client):
    ask = make_ask(owner, title="Night-train essay")
    response = owner_client.get(f"/asks/{ask.pk}/delete")
    assert response.status_code == 200
    assert "Delete “Night-train essay”?" in response.text
    assert Ask.objects.filter(pk=ask.pk).exists()


def test_it_deletes_the_ask(owner, owner_client):
    ask = make_ask(owner, title="Night-train essay")
    response = owner_client.post(f"/asks/{ask.pk}/delete", follow=True)
    assert response.redirect_chain == [("/asks/", 302)]
    assert "Deleted: Night-train essay." in response.text
    assert not Ask.objects.filter(pk=ask.pk).exists()


def test_it_refuses_an_outsider(owner, outsider_client):
    ask = make_ask(owner)
    assert outsider_client.get(f"/asks/{ask.pk}/delete").status_code == 404
    assert outsider_client.post(f"/asks/{ask.pk}/delete").status_code == 404
    assert Ask.objects.filter(pk=ask.pk).exists()


def test_it_sends_a_visitor_to_log_in(owner):
    ask = make_ask(owner)
    response = Client().post(f"/asks/{ask.pk}/delete")
    assert response["Location"] == f"/login?next=/asks/{ask.pk}/delete"
    assert Ask.objects.filter(pk=ask.pk).exists()
