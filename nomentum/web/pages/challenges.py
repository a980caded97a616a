"""Pages for challenges: a challenge and its board, goals, check-ins and cheers.

Each view goes through a permission helper in challenges.services (outsiders get 404,
members trying an organizer's action get 403 with its sentence), calls one service, and
redirects. Counting happens in the challenges app's board.py and queries.py, never here.
"""

import datetime as dt
from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from nomentum import numbers
from nomentum.accounts.types import AuthedRequest
from nomentum.challenges import finished, queries, services
from nomentum.challenges.board import SORTS, Board, MemberRow
from nomentum.challenges.forms import (
    ChallengeForm,
    CheckInForm,
    GoalForm,
    add_service_errors,
)
from nomentum.challenges.models import Challenge, Membership, Week
from nomentum.insights import charts
from nomentum.lib.errors import Refusal
from nomentum.lib.http import next_url


def _challenge_url(challenge: Challenge, anchor: str = "") -> str:
    url = reverse("challenges:challenge", args=[challenge.pk])
    return f"{url}#{anchor}" if anchor else url


# Challenges -----------------------------------------------------------------


@login_required
def challenge_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = user.today()
    form = ChallengeForm(
        request.POST or None,
        personal=True,
        initial={"starts_on": today, "ends_on": today + dt.timedelta(days=27)},
    )
    if request.method == "POST" and form.is_valid():
        challenge = form.instance
        challenge.owner = user
        try:
            services.save_challenge(challenge)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Started {challenge.name}. Now set your goal.")
            return redirect(_challenge_url(challenge, "goal"))
    challenges = [(c, c.state(today)) for c in services.challenges_of(user)]
    return render(request, "challenges/challenges.html", {"form": form, "challenges": challenges})


@login_required
def challenge_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """A group challenge, created by one of the group's organizers."""
    membership = services.get_membership(request.user, pk)
    services.require_organizer(membership)
    today = request.user.today()
    form = ChallengeForm(
        request.POST or None,
        initial={"starts_on": today, "ends_on": today + dt.timedelta(days=27)},
    )
    if request.method == "POST" and form.is_valid():
        challenge = form.instance
        challenge.group = membership.group
        try:
            services.save_challenge(challenge)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Created {challenge.name}. Everyone can set a goal now.")
            return redirect(_challenge_url(challenge))
    return render(
        request, "challenges/challenge_form.html", {"form": form, "group": membership.group}
    )


@login_required
def challenge_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge, membership = services.get_challenge_for_user(request.user, pk)
    services.require_manager(challenge, request.user, membership)
    form = ChallengeForm(
        request.POST or None, instance=challenge, personal=challenge.group_id is None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_challenge(form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved the challenge.")
            return redirect(_challenge_url(challenge))
    return render(
        request,
        "challenges/challenge_form.html",
        {"form": form, "challenge": challenge, "group": challenge.group},
    )


@login_required
@require_POST
def challenge_end(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge, membership = services.get_challenge_for_user(request.user, pk)
    services.require_manager(challenge, request.user, membership)
    try:
        services.end_challenge(challenge, request.user.today())
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{challenge.name} ended today. Its board stays here for good.")
    return redirect(_challenge_url(challenge))


def _started_weeks(challenge: Challenge, today: dt.date) -> list[Week]:
    return [week for week in challenge.weeks() if week.starts_on <= today]


def _member_charts(board: Board, rows: Sequence[MemberRow]) -> list[tuple[MemberRow, SafeString]]:
    """Pair each row shown with its small chart of no's per week, all on the board's one scale."""
    top = max(
        [week.rejections for row in board.members for week in row.weeks]
        + [row.goal.rejections_per_week or 0 for row in board.members if row.goal],
        default=0,
    )
    return [
        (
            row,
            charts.member_weeks_chart(
                row.name,
                row.weeks,
                row.goal.rejections_per_week if row.goal else None,
                chart_id=f"member-{row.user_id}-weeks",
                top=top,
                summary=format_html(
                    'Week by week<span class="visually-hidden"> for {}</span>', row.name
                ),
            ),
        )
        for row in rows
    ]


# A thousand-member board is read a page at a time: fifty detailed rows render in
# a blink on a phone, and "you" is always at the top of the page anyway.
BOARD_PAGE_SIZE = 50


def _content_context(
    request: AuthedRequest,
    challenge: Challenge,
    membership: Membership | None,
    today: dt.date,
    goal_form: GoalForm | None,
    checkin_form: CheckInForm | None,
) -> dict:
    """Return what the page's content shows: the board, a page of its rows with their charts,
    and the viewer's own part."""
    board = numbers.board(challenge, today, request.user, request.GET.get("sort", "rejections"))
    page = Paginator(board.members, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    mine = next((row for row in board.members if row.is_viewer), None)
    return {
        "challenge": challenge,
        "board": board,
        "can_manage": challenge.group_id is None or bool(membership and membership.is_organizer),
        "sorts": SORTS,
        "member_rows": _member_charts(board, list(page.object_list)),
        "board_page": page,
        **_viewer_context(request, challenge, today, mine, goal_form, checkin_form),
    }


def _viewer_context(
    request: AuthedRequest,
    challenge: Challenge,
    today: dt.date,
    mine: MemberRow | None,
    goal_form: GoalForm | None,
    checkin_form: CheckInForm | None,
) -> dict:
    """Return the viewer's own part of the page: their goal, its road, weeks and check-ins."""
    user = request.user
    road = queries.goal_road(challenge, user, today, mine.rejections_target) if mine else None
    goal = mine.goal if mine else None
    weeks = _started_weeks(challenge, today)
    return {
        "mine": mine,
        "goal_form": goal_form
        or GoalForm(
            initial={name: getattr(goal, name) for name in services.TARGETS} if goal else None
        ),
        "checkin_form": checkin_form
        or CheckInForm(weeks=weeks, initial={"week": weeks[-1].number if weeks else 1}),
        "can_check_in": bool(weeks) and today <= finished.check_ins_close_on(challenge),
        "goals_frozen": finished.goals_frozen(challenge, today),
        "check_ins_close_on": finished.check_ins_close_on(challenge),
        "my_checkins": challenge.checkins.filter(user=user).order_by("week"),
        "road_chart": charts.goal_road_chart(road) if road else None,
        "weeks_chart": charts.weekly_chart(mine.weeks, title="Your weeks") if mine else None,
    }


def _challenge_page(
    request: AuthedRequest,
    challenge: Challenge,
    membership: Membership | None,
    goal_form: GoalForm | None = None,
    checkin_form: CheckInForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    today = user.today()

    def context() -> dict:
        return _content_context(request, challenge, membership, today, goal_form, checkin_form)

    template = "challenges/_challenge.html"
    if goal_form or checkin_form:
        # A form sent back with its errors: rendered as it stands, never kept.
        content = render_to_string(template, context(), request)
    else:
        # Everything here is the participants' data, and the viewer is one of them (a
        # member, or the owner of a personal challenge): their versions cover it all.
        content = numbers.page(
            request,
            template,
            numbers.board_version(challenge),
            (challenge.pk, user.pk, today),
            context,
        )
    return render(
        request,
        "challenges/challenge.html",
        {"challenge": challenge, "content": content},
        status=status,
    )


@login_required
def challenge_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge, membership = services.get_challenge_for_user(request.user, pk)
    return _challenge_page(request, challenge, membership)


@login_required
@require_POST
def goal_set(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge, membership = services.get_challenge_for_user(request.user, pk)
    form = GoalForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            goal = services.set_goal(challenge, request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except Refusal as refusal:
            form.add_error(None, refusal.message)
            status = refusal.status
        else:
            target = goal.rejections_target(challenge)
            messages.success(request, f"Goal saved: {target} no's to collect. Go get them.")
            return redirect(_challenge_url(challenge))
    return _challenge_page(request, challenge, membership, goal_form=form, status=status)


@login_required
@require_POST
def checkin_create(request: AuthedRequest, pk: int) -> HttpResponse:
    challenge, membership = services.get_challenge_for_user(request.user, pk)
    today = request.user.today()
    form = CheckInForm(request.POST, weeks=_started_weeks(challenge, today))
    status = 200
    if form.is_valid():
        try:
            checkin = services.check_in(
                challenge,
                request.user,
                form.cleaned_data["week"],
                today,
                note=form.cleaned_data["note"],
                tally=form.tally(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except Refusal as refusal:
            form.add_error(None, refusal.message)
            status = refusal.status
        else:
            messages.success(request, f"Checked in for week {checkin.week}. Keep asking.")
            return redirect(_challenge_url(challenge, "checkins"))
    return _challenge_page(request, challenge, membership, checkin_form=form, status=status)


# Cheers ---------------------------------------------------------------------


@login_required
@require_POST
def cheer(request: AuthedRequest, ask_pk: int) -> HttpResponse:
    ask = services.cheerable_ask(request.user, ask_pk)
    cheered = services.toggle_cheer(request.user, ask)
    messages.success(request, "Cheered!" if cheered else "Cheer taken back.")
    return redirect(next_url(request, reverse("challenges:groups")))
