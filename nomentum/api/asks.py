import datetime as dt
from typing import Literal

from django.db import transaction
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from nomentum.accounts.models import User
from nomentum.accounts.types import AuthedRequest
from nomentum.api.schemas.asks import AskFilters, AskIn, AskList, AskOut, AskPatch
from nomentum.api.schemas.base import Detail, Input, Page
from nomentum.asks import counting, services
from nomentum.asks.models import Ask

router = Router(tags=["asks"])


def _counted(asks: list[Ask], user: User) -> list[Ask]:
    return counting.with_counted_as(asks, user.today(), user.silence_days)


def _apply(ask: Ask, user: User, fields: dict) -> None:
    if "category" in fields:
        name = fields.pop("category")
        ask.category = services.category_named(user, name) if name else None
        if name and ask.category is None:
            # A category needs a slug for its links; a name without one would be dropped.
            raise HttpError(422, "category: A category name needs a letter or digit from a to z.")
    for name, value in fields.items():
        setattr(ask, name, value)


ANSWER_FIELDS = ("outcome", "feedback", "decided_on")


def _save(ask: Ask, user: User, fields: dict) -> None:
    """Apply the fields to the ask and save it, its answer through Ask.set_outcome.

    An answer field left out keeps the ask's own while the outcome stays; a new outcome
    came today, without the old one's feedback, unless they are given. What the outcome
    cannot carry is refused in the model's words (Ask.clean), inside the handler's
    transaction: a category the request created is rolled back with it.
    """
    answer = {name: fields.pop(name) for name in ANSWER_FIELDS if name in fields}
    _apply(ask, user, fields)
    today = user.today()
    if answer:
        ask.set_outcome(
            answer.get("outcome", ask.outcome),
            today,
            answer.get("feedback"),
            decided_on=answer.get("decided_on"),
        )
    services.save_ask(ask, today)


@router.get("/asks", response=AskList)
def list_asks(request: AuthedRequest, filters: Query[AskFilters]):
    user = request.auth
    category = services.find_category(user, filters.category) if filters.category else None
    asks = services.filter_asks(
        user,
        today=user.today(),
        outcome=filters.outcome or "",
        category=category.slug if category else "",
        date_from=filters.date_from,
        date_to=filters.date_to,
        q=filters.q or "",
    )
    if filters.category and category is None:
        # An unknown category matches no ask; an empty slug would mean "any category".
        asks = asks.none()
    items = list(asks[filters.offset : filters.offset + filters.limit])
    return {"count": asks.count(), "items": _counted(items, user)}


@router.post("/asks", response={201: AskOut})
@transaction.atomic
def create_ask(request: AuthedRequest, payload: AskIn):
    user = request.auth
    fields = payload.dict()
    fields["asked_on"] = fields["asked_on"] or user.today()
    ask = Ask(user=user)
    _save(ask, user, fields)
    return Status(201, _counted([ask], user)[0])


@router.get("/asks/{int:ask_id}", response=AskOut)
def get_ask(request: AuthedRequest, ask_id: int):
    return _counted([services.get_ask_for_user(request.auth, ask_id)], request.auth)[0]


@router.patch("/asks/{int:ask_id}", response=AskOut)
@transaction.atomic
def update_ask(request: AuthedRequest, ask_id: int, payload: AskPatch):
    user = request.auth
    ask = services.get_ask_for_user(user, ask_id)
    fields = payload.dict(exclude_unset=True)
    for required in ("title", "asked_on", "outcome", "private"):
        if required in fields and fields[required] is None:
            fields.pop(required)
    for text in ("recipient", "notes", "feedback"):
        # These columns hold "" for nothing, never NULL.
        if text in fields and fields[text] is None:
            fields[text] = ""
    _save(ask, user, fields)
    return _counted([ask], user)[0]


@router.delete("/asks/{int:ask_id}", response={204: None})
def delete_ask(request: AuthedRequest, ask_id: int):
    services.get_ask_for_user(request.auth, ask_id).delete()
    return Status(204, None)


# Overdue asks and recipients ------------------------------------------------------


class SnoozedAskOut(AskOut):
    snoozed_until: dt.date | None = Field(
        description="Kept off the overdue list until this day, if snoozed"
    )


class OverdueAskOut(SnoozedAskOut):
    overdue_on: dt.date = Field(
        description="asked_on + the category's reply window (else the silence rule)"
    )


class OverdueList(Schema):
    count: int
    items: list[OverdueAskOut]


class SnoozeIn(Input):
    days: Literal[3, 7, 14] = services.DEFAULT_SNOOZE_DAYS


class RecipientOut(Schema):
    recipient: str = Field(description="One spelling of the recipient's name, as written")
    key: str = Field(description="The name trimmed and in lower case: how asks are grouped")
    asks: int
    no: int
    yes: int
    no_response: int = Field(description="Including silent pending asks, as counted today")
    pending: int = Field(description="Pending and not yet silent today")
    withdrawn: int
    yes_rate: float | None
    median_days_to_answer: float | None

    @staticmethod
    def resolve_recipient(row) -> str:
        return row.name


class RecipientList(Schema):
    count: int
    items: list[RecipientOut]


@router.get(
    "/asks/overdue",
    response=OverdueList,
    description="Pending asks past their category's reply window (else the silence rule), "
    "not snoozed, oldest first.",
)
def list_overdue(request: AuthedRequest, page: Query[Page]):
    user = request.auth
    asks = counting.overdue_asks(Ask.objects.filter(user=user), user.today())
    items = list(asks[page.offset : page.offset + page.limit])
    return {"count": asks.count(), "items": _counted(items, user)}


@router.post(
    "/asks/{int:ask_id}/no-response",
    response={200: SnoozedAskOut, 404: Detail, 409: Detail},
    description="Count a pending ask as a no_response, dated the day it fell silent when "
    "the silence rule already counts it, else today. 409 for an ask with an answer.",
)
@transaction.atomic
def count_no_response(request: AuthedRequest, ask_id: int):
    user = request.auth
    ask = services.get_ask_for_user(user, ask_id)
    services.count_as_no_response(ask, user.today(), user.silence_days)
    return _counted([ask], user)[0]


@router.post(
    "/asks/{int:ask_id}/snooze",
    response={200: SnoozedAskOut, 404: Detail, 409: Detail},
    description="Keep a pending ask off the overdue list for 3, 7 (the default) or 14 days. "
    "409 for an ask with an answer.",
)
@transaction.atomic
def snooze_ask(request: AuthedRequest, ask_id: int, payload: SnoozeIn):
    user = request.auth
    ask = services.get_ask_for_user(user, ask_id)
    services.snooze(ask, user.today(), payload.days)
    return _counted([ask], user)[0]


@router.get(
    "/asks/recipients",
    response=RecipientList,
    description="The caller's recipients, most asked first, matched trimmed and in any case.",
)
def list_recipients(request: AuthedRequest, page: Query[Page]):
    user = request.auth
    rows = counting.recipient_stats(Ask.objects.filter(user=user), user.today())
    return page.of(rows)
