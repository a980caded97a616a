from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from nomentum.accounts import throttle
from nomentum.accounts.forms import SignupForm
from nomentum.accounts.models import ApiToken
from nomentum.accounts.types import AuthedRequest
from nomentum.api.schemas.accounts import MeOut, SignupIn, SignupOut, TokenIn, TokenOut
from nomentum.api.schemas.base import Detail

router = Router(tags=["accounts"])


@router.post("/auth/signup", auth=None, response={201: SignupOut, 403: Detail, 422: Detail})
def signup(request: HttpRequest, payload: SignupIn):
    if not settings.OPEN_SIGNUP:
        raise HttpError(403, "Sign-up is closed on this server.")
    # The same form as the sign-up page, so both apply the same password validators.
    form = SignupForm(
        data={
            "username": payload.username,
            "email": payload.email,
            "password1": payload.password,
        }
    )
    user = form.create_user() if form.is_valid() else None
    if user is None:
        field, messages = next(iter(form.errors.items()))
        name = "password" if field.startswith("password") else field
        raise HttpError(422, f"{name}: {messages[0]}")
    return Status(201, user)


@router.post("/auth/tokens", auth=None, response={201: TokenOut, 401: Detail, 429: Detail})
def create_token(request: HttpRequest, payload: TokenIn):
    # With the request, django-axes counts a failure against this username and address, as on
    # the log-in page, and refuses a pair it has paused before the password is even checked.
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if throttle.login_paused(request):
            raise HttpError(429, throttle.login_paused_message())
        raise HttpError(401, "Wrong username or password.")
    _, raw = ApiToken.issue(user, payload.name)
    return Status(201, {"token": raw})


@router.get("/me", response=MeOut)
def me(request: AuthedRequest):
    return request.auth
