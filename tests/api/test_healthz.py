"""GET /healthz answers 200 when the database answers, for load balancers and monitors."""

from django.test import Client


def test_it_answers_ok(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
