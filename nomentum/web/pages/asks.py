import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from nomentum import numbers
from nomentum.accounts.models import User
from nomentum.accounts.types import AuthedRequest
from nomentum.asks import counting, services
from nomentum.asks.forms import (
    AnswerForm,
    AskForm,
    CategoryForm,
    FilterForm,
    ReplyWindowsForm,
    SnoozeForm,
)
from nomentum.asks.models import REJECTED, Ask, Category
from nomentum.lib.errors import Refusal
from nomentum.lib.http import next_url
from nomentum.web.celebrate import milestone_message, outcome_message

PAGE_SIZE = 50


def _celebrate(
    request: AuthedRequest, ask: Ask, today: dt.date, otherwise: str, was_rejected: bool = False
) -> None:
    """Meet an answer with a word; a new rejection gets a small celebration (app.css), and one
    that reaches a milestone gets a moment too."""
    rejected_now = ask.outcome in REJECTED and not was_rejected
    tags = "celebrate" if rejected_now else ""
    messages.success(request, outcome_message(ask) or otherwise, extra_tags=tags)
    if rejected_now:
        moment = milestone_message(request.user, today)
        if moment:
            messages.success(request, moment, extra_tags="milestone")


@login_required
def ask_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = user.today()
    content = numbers.page(
        request,
        "asks/_list.html",
        numbers.user_version(user.pk),
        (user.pk, today),
        lambda: _list_context(request, user, today),
    )
    return render(request, "asks/list.html", {"content": content})


def _list_context(request: AuthedRequest, user: User, today: dt.date) -> dict:
    categories = list(Category.objects.filter(user=user))
    form = FilterForm(request.GET or None, categories=categories)
    filters = form.cleaned_data if form.is_valid() else {}
    asks = services.filter_asks(user, today=today, **filters)
    page = Paginator(asks, PAGE_SIZE).get_page(request.GET.get("page"))
    counting.with_counted_as(page.object_list, today, user.silence_days)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page": page,
        "filter_query": query.urlencode(),
        "filtered": any(filters.values()),
    }


@login_required
def ask_new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = user.today()
    if request.method == "POST":
        form = AskForm(request.POST, user=user)
        if form.is_valid():
            ask = services.save_ask(form.instance, today)
            _celebrate(request, ask, today, f"Logged: {ask.title}. Now wait for the answer.")
            return redirect(next_url(request, reverse("home")))
    else:
        last = (
            Ask.objects.filter(user=user)
            .order_by("-created_at", "-id")
            .values_list("category", flat=True)
            .first()
        )
        form = AskForm(user=user, initial={"asked_on": today, "category": last})
    return render(request, "asks/form.html", {"form": form, "recipients": _recipients(user)})


@login_required
def ask_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    ask = services.get_ask_for_user(user, pk)
    if request.method == "POST":
        form = AskForm(request.POST, instance=ask, user=user)
        if form.is_valid():
            services.save_ask(form.instance, user.today())
            messages.success(request, "Saved.")
            return redirect(next_url(request, reverse("asks:list")))
    else:
        form = AskForm(instance=ask, user=user)
    return render(
        request, "asks/form.html", {"form": form, "ask": ask, "recipients": _recipients(user)}
    )


@login_required
def ask_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    ask = services.get_ask_for_user(request.user, pk)
    if request.method == "POST":
        ask.delete()
        messages.success(request, f"Deleted: {ask.title}.")
        return redirect(reverse("asks:list"))
    return render(request, "asks/delete.html", {"ask": ask})


@login_required
@require_POST
def ask_outcome(request: AuthedRequest, pk: int) -> HttpResponse:
    ask = services.get_ask_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "That answer is not one Nomentum knows: pick No, Yes, No response or Withdrawn.",
        )
        return redirect(next_url(request, reverse("asks:list")))
    outcome, feedback = form.outcome_and_feedback()
    was_rejected = ask.outcome in REJECTED
    today = request.user.today()
    services.record_outcome(ask, outcome, today, feedback)
    _celebrate(request, ask, today, "Back to pending.", was_rejected)
    return redirect(next_url(request, reverse("asks:list")))


@login_required
def category_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = CategoryForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        # As every other way of naming a category: a second request with the same name,
        # at the same moment, finds the first one's category instead of failing.
        try:
            category = services.category_named(user, form.cleaned_data["name"])
        except Refusal as refusal:
            form.add_error("name", refusal.message)
        else:
            assert category is not None  # the form refuses a name without a letter or digit
            messages.success(request, f"Added the category {category.name}.")
            return redirect(reverse("asks:categories"))
    return _categories_page(request, form=form)


def _categories_page(
    request: AuthedRequest,
    form: CategoryForm | None = None,
    windows: ReplyWindowsForm | None = None,
    categories: list[Category] | None = None,
) -> HttpResponse:
    user = request.user
    if categories is None:
        categories = list(Category.objects.filter(user=user))
    return render(
        request,
        "asks/categories.html",
        {
            "form": form or CategoryForm(user=user),
            "categories": categories,
            "windows": windows or ReplyWindowsForm(categories=categories),
            "silence_days": user.silence_days,
        },
        status=400 if windows is not None and windows.errors else 200,
    )


@login_required
@require_POST
def category_windows(request: AuthedRequest) -> HttpResponse:
    """Save every category's expected reply window at once; nothing when one is wrong."""
    categories = list(Category.objects.filter(user=request.user))
    form = ReplyWindowsForm(request.POST, categories=categories)
    if not form.is_valid():
        return _categories_page(request, windows=form, categories=categories)
    changed = form.changed_categories()
    Category.objects.bulk_update(changed, ["reply_days"])
    messages.success(request, "Saved the reply windows." if changed else "Nothing changed.")
    return redirect(reverse("asks:categories"))


# Overdue asks and recipients --------------------------------------------------


@login_required
def ask_overdue(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = user.today()
    asks = counting.overdue_asks(Ask.objects.filter(user=user), today)
    page = Paginator(asks, PAGE_SIZE).get_page(request.GET.get("page"))
    for ask in page.object_list:
        ask.silent = ask.is_silent(today, user.silence_days)
    return render(request, "asks/overdue.html", {"page": page, "silence_days": user.silence_days})


@login_required
@require_POST
def ask_no_response(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    ask = services.get_ask_for_user(user, pk)
    today = user.today()
    # A silent ask already counts as a rejection: no new milestone to celebrate.
    was_rejected = ask.is_silent(today, user.silence_days)
    try:
        services.count_as_no_response(ask, today, user.silence_days)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        _celebrate(request, ask, today, "Counted as a no response.", was_rejected)
    return redirect(next_url(request, reverse("asks:overdue")))


@login_required
@require_POST
def ask_snooze(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    ask = services.get_ask_for_user(user, pk)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.SNOOZE_REFUSED)
        return redirect(next_url(request, reverse("asks:overdue")))
    try:
        services.snooze(ask, user.today(), form.cleaned_data["days"])
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        until = ask.snoozed_until
        assert until is not None
        messages.success(request, f"Snoozed until {until:%b} {until.day}: {ask.title}.")
    return redirect(next_url(request, reverse("asks:overdue")))


@login_required
def recipient_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    recipients = counting.recipient_stats(Ask.objects.filter(user=user), user.today())
    return render(request, "asks/recipients.html", {"recipients": recipients})


def _recipients(user) -> list[str]:
    """Return the user's recent recipients, for the form's autocomplete list."""
    rows = (
        Ask.objects.filter(user=user)
        .exclude(recipient="")
        .order_by("-asked_on")
        .values_list("recipient", flat=True)[:200]
    )
    return list(dict.fromkeys(rows))[:50]
