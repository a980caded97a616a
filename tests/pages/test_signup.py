"""Sign-up at /accounts/signup creates a user with the default categories and logs them in."""

from django.test import Client

from nomentum.accounts.forms import SignupForm
from nomentum.accounts.models import User
from nomentum.asks.models import Category
from tests.conftest import PASSWORD, make_user


def signup_data(**fields) -> dict:
    data = {
        "username": "ines",
        "email": "ines@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(fields)
    return data


def test_it_shows_the_form(db):
    response = Client().get("/accounts/signup")
    assert response.status_code == 200
    assert 'name="password1"' in response.text


def test_it_creates_the_user_with_the_default_categories(db):
    client = Client()
    response = client.post("/accounts/signup", signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/welcome"
    user = User.objects.get(username="ines")
    assert user.email == "ines@example.com"
    assert user.check_password(PASSWORD)
    assert sorted(Category.objects.filter(user=user).values_list("slug", flat=True)) == [
        "collaboration",
        "date",
        "funding",
        "grant",
        "job",
        "other",
        "pitch",
    ]


def test_it_logs_the_new_user_in(db):
    client = Client()
    response = client.post("/accounts/signup", signup_data(), follow=True)
    assert response.redirect_chain == [("/welcome", 302)]
    assert "Welcome to Nomentum." in response.text
    assert response.context["user"].username == "ines"


def test_it_sends_a_signed_in_user_home(owner_client):
    response = owner_client.get("/accounts/signup")
    assert response["Location"] == "/"


def test_it_refuses_a_common_password(db):
    response = Client().post(
        "/accounts/signup", signup_data(password1="password", password2="password")
    )
    assert response.status_code == 200
    assert "This password is too common." in response.text
    assert not User.objects.exists()


def test_it_refuses_a_short_password(db):
    response = Client().post("/accounts/signup", signup_data(password1="x7#q", password2="x7#q"))
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 8 characters." in response.text
    assert not User.objects.exists()


def test_it_asks_for_the_password_once(db):
    html = Client().get("/accounts/signup").text
    assert 'name="password1"' in html
    assert 'name="password2"' not in html
    assert 'name="username"' in html and "autofocus" in html


def test_it_refuses_a_taken_username_in_any_case(db):
    make_user("ines", email="other@example.com")
    response = Client().post("/accounts/signup", signup_data(username="Ines"))
    assert "A user with that username already exists." in response.text
    assert User.objects.count() == 1


def test_it_refuses_an_email_already_used(db):
    make_user("someone", email="Ines@Example.com")
    response = Client().post("/accounts/signup", signup_data())
    assert "An account with this email already exists." in response.text
    assert User.objects.count() == 1


def test_it_requires_an_email(db):
    response = Client().post("/accounts/signup", signup_data(email=""))
    assert '<p class="error" id="id_email_error">This field is required.</p>' in response.text
    assert not User.objects.exists()


def test_it_is_closed_when_open_signup_is_off(db, settings):
    settings.OPEN_SIGNUP = False
    client = Client()
    assert client.get("/accounts/signup").status_code == 403
    response = client.post("/accounts/signup", signup_data())
    assert response.status_code == 403
    assert "Sign-up is closed here" in response.text
    assert not User.objects.exists()


def test_it_returns_to_the_page_that_sent_the_newcomer(db):
    response = Client().post(
        "/accounts/signup",
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "/join/some-code",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/join/some-code"


def test_it_never_sends_a_newcomer_to_another_site(db):
    response = Client().post(
        "/accounts/signup",
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "https://evil.example.com/",
        },
    )
    assert response["Location"] == "/welcome"


def test_a_name_taken_between_checking_and_saving_is_a_form_error(db):
    form = SignupForm(
        data={"username": "racer", "email": "racer@example.com", "password1": PASSWORD}
    )
    assert form.is_valid()
    make_user("racer")  # someone else signs up with the same name in the meantime
    assert form.create_user() is None
    assert form.errors["username"] == ["That username was just taken. Choose another."]
    assert User.objects.filter(username="racer").count() == 1
