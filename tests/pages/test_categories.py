"""The categories page at /asks/categories lists the user's categories and adds new ones."""

import re

from django.test import Client

from nomentum.asks.models import Category


def test_it_lists_the_default_categories(owner_client):
    response = owner_client.get("/asks/categories")
    assert response.status_code == 200
    for name in ("Pitch", "Job", "Grant", "Funding", "Collaboration", "Date", "Other"):
        assert f"<li>{name}</li>" in response.text


def test_it_lists_only_the_users_own_categories(owner_client, outsider):
    Category.objects.create(user=outsider, name="Secret plans")
    assert "Secret plans" not in owner_client.get("/asks/categories").text


def test_it_adds_a_category(owner, owner_client):
    response = owner_client.post("/asks/categories", {"name": "  Residency "}, follow=True)
    assert response.redirect_chain == [("/asks/categories", 302)]
    assert "Added the category Residency." in response.text
    category = Category.objects.get(user=owner, slug="residency")
    assert category.name == "Residency"


def test_it_refuses_a_duplicate(owner, owner_client):
    response = owner_client.post("/asks/categories", {"name": "Grant"})
    assert response.status_code == 200
    assert '<p class="error" id="id_name_error">You already have that category.</p>' in (
        response.text
    )
    assert Category.objects.filter(user=owner).count() == 7


def test_it_allows_a_name_another_user_has(owner_client, outsider):
    Category.objects.create(user=outsider, name="Residency")
    response = owner_client.post("/asks/categories", {"name": "Residency"})
    assert response.status_code == 302


def test_it_refuses_a_name_without_a_letter_or_digit(owner, owner_client):
    response = owner_client.post("/asks/categories", {"name": "!!!"})
    assert "Use at least one letter or digit." in response.text
    assert Category.objects.filter(user=owner).count() == 7


def test_it_refuses_a_name_too_long(owner, owner_client):
    response = owner_client.post("/asks/categories", {"name": "x" * 41})
    assert 'id="id_name_error"' in response.text
    assert Category.objects.filter(user=owner).count() == 7


def test_it_sends_a_visitor_to_log_in(db):
    response = Client().post("/asks/categories", {"name": "Residency"})
    assert response["Location"] == "/login?next=/asks/categories"
    assert not Category.objects.filter(slug="residency").exists()


# Names that slugify alike: punctuation is all that tells them apart.
PUNCTUATED = ["C++", "C#", "=cat", "+cat", "-cat", "@cat"]


def test_names_that_differ_only_in_punctuation_are_categories_of_their_own(owner, owner_client):
    for name in PUNCTUATED:
        response = owner_client.post("/asks/categories", {"name": name})
        assert response.status_code == 302, (name, response.text)

    added = Category.objects.filter(user=owner, name__in=PUNCTUATED)
    assert sorted(added.values_list("name", flat=True)) == sorted(PUNCTUATED)
    assert len(set(added.values_list("slug", flat=True))) == len(PUNCTUATED)
    # Case and spacing still make no category of their own.
    response = owner_client.post("/asks/categories", {"name": "  c++ "})
    assert "You already have that category." in response.text
    assert Category.objects.filter(user=owner).count() == 7 + len(PUNCTUATED)


def test_the_list_of_one_punctuated_category_shows_only_its_asks(owner, owner_client):
    for name in ("C++", "C#"):
        owner_client.post("/asks/categories", {"name": name})
    for name in ("C++", "C#"):
        category = Category.objects.get(user=owner, name=name)
        ask = {"title": f"Talk on {name}", "category": category.pk, "asked_on": "2026-11-02"}
        owner_client.post("/asks/new", {**ask, "outcome": "pending"})

    sharp = Category.objects.get(user=owner, name="C#")
    response = owner_client.get("/asks/", {"category": sharp.slug})

    assert re.findall(r'class="ask-title">([^<]*)<', response.text) == ["Talk on C#"]
