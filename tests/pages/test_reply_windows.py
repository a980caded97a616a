"""The categories page sets each category's expected reply window: 1 to 365 days, or empty for
the silence rule; one wrong value saves nothing."""

from django.test import Client

from nomentum.asks.models import Category
from tests.conftest import stored


def windows(user) -> dict[str, int | None]:
    return dict(Category.objects.filter(user=user).values_list("slug", "reply_days"))


def field(user, slug: str) -> str:
    return f"reply_days_{Category.objects.get(user=user, slug=slug).pk}"


def test_it_shows_a_window_for_each_category_and_the_silence_rule(owner, owner_client):
    Category.objects.filter(user=owner, slug="grant").update(reply_days=21)
    response = owner_client.get("/asks/categories")
    assert response.status_code == 200
    assert f'name="{field(owner, "grant")}" value="21"' in response.text
    assert f'name="{field(owner, "pitch")}"' in response.text
    assert "use your silence rule (30 days)" in response.text
    assert 'action="/asks/categories/windows"' in response.text


def test_it_saves_the_windows_and_clears_an_empty_one(owner, owner_client):
    Category.objects.filter(user=owner, slug="job").update(reply_days=60)
    data = {field(owner, "grant"): "14", field(owner, "pitch"): " 45 ", field(owner, "job"): ""}
    response = owner_client.post("/asks/categories/windows", data, follow=True)
    assert response.redirect_chain == [("/asks/categories", 302)]
    assert "Saved the reply windows." in response.text
    assert windows(owner) == {
        "pitch": 45,
        "job": None,
        "grant": 14,
        "funding": None,
        "collaboration": None,
        "date": None,
        "other": None,
    }


def test_it_says_when_nothing_changed(owner_client):
    response = owner_client.post("/asks/categories/windows", {}, follow=True)
    assert "Nothing changed." in response.text


def test_a_negative_window_is_refused_and_nothing_is_saved(owner, owner_client):
    before = stored(Category)
    data = {field(owner, "grant"): "14", field(owner, "pitch"): "-3"}
    response = owner_client.post("/asks/categories/windows", data)
    assert response.status_code == 400
    assert "Nothing was saved yet." in response.text
    assert (
        f'<p class="error" id="id_{field(owner, "pitch")}_error">'
        "Use 1 to 365 days, or leave it empty for your silence rule.</p>"
    ) in response.text
    assert stored(Category) == before


def test_zero_too_many_and_words_are_refused(owner, owner_client):
    before = stored(Category)
    data = {field(owner, "grant"): "0", field(owner, "pitch"): "366", field(owner, "job"): "two"}
    response = owner_client.post("/asks/categories/windows", data)
    assert response.status_code == 400
    assert response.text.count("Use 1 to 365 days, or leave it empty") == 2
    assert "Use a whole number of days, or leave it empty." in response.text
    assert stored(Category) == before


def test_another_users_category_is_not_touched(owner_client, outsider):
    theirs = Category.objects.get(user=outsider, slug="grant")
    before = stored(Category)
    response = owner_client.post("/asks/categories/windows", {f"reply_days_{theirs.pk}": "9"})
    assert response.status_code == 302
    assert stored(Category) == before


def test_it_sends_a_visitor_to_log_in_and_saves_nothing(owner):
    before = stored(Category)
    response = Client().post("/asks/categories/windows", {field(owner, "grant"): "9"})
    assert response["Location"] == "/login?next=/asks/categories/windows"
    assert stored(Category) == before


def test_it_takes_only_a_post(owner_client):
    assert owner_client.get("/asks/categories/windows").status_code == 405
