from django.db import transaction
from ninja import Query, Router, Status

from nomentum.accounts.models import User
from nomentum.accounts.types import AuthedRequest
from nomentum.api.schemas import AskFilters, AskIn, AskList, AskOut, AskPatch
from nomentum.asks import services
from nomentum.asks.models import Ask

router = Router(tags=["asks"])


def _counted(asks: list[Ask], user: User) -> list[Ask]:
    today = user.today()
    for ask in asks:
        ask.counted_as = ask.counted_outcome(today, user.silence_days)  # type: ignore[attr-defined]
    return asks


def _apply(ask: Ask, user: User, fields: dict) -> None:
    if "category" in fields:
        name = fields.pop("category")
        ask.category = services.category_named(user, name) if name else None
    for name, value in fields.items():
        setattr(ask, name, value)


@router.get("/asks", response=AskList)
def list_asks(request: AuthedRequest, filters: Query[AskFilters]):
    user = request.auth
    asks = services.filter_asks(
        user,
        today=user.today(),
        outcome=filters.outcome or "",
        category=services.slug_for(filters.category or ""),
        date_from=filters.date_from,
        date_to=filters.date_to,
        q=filters.q or "",
    )
    items = list(asks[filters.offset : filters.offset + filters.limit])
    return {"count": asks.count(), "items": _counted(items, user)}


@router.post("/asks", response={201: AskOut})
@transaction.atomic
def create_ask(request: AuthedRequest, payload: AskIn):
    user = request.auth
    today = user.today()
    fields = payload.dict()
    fields["asked_on"] = fields["asked_on"] or today
    ask = Ask(user=user)
    _apply(ask, user, fields)
    services.save_ask(ask, today)
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
    if "outcome" in fields and "decided_on" not in fields and fields["outcome"] != ask.outcome:
        # A new answer gets today's date unless the client says when it came.
        ask.decided_on = None
    _apply(ask, user, fields)
    services.save_ask(ask, user.today())
    return _counted([ask], user)[0]


@router.delete("/asks/{int:ask_id}", response={204: None})
def delete_ask(request: AuthedRequest, ask_id: int):
    services.get_ask_for_user(request.auth, ask_id).delete()
    return Status(204, None)
