"""The read-only demo at /demo: a month of the demo group "November of NO", for anyone.

The page only reads. It does not load the demo on a first visit: a public GET
that writes fifteen users and hundreds of asks would let any visitor fill a
site's database, and whether demo users exist at all is the operator's call
(`nomentum demo`). Only demo users are shown, even if a real person ever
joined the demo group, so no real user's data can appear here.
"""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nomentum.accounts.models import User
from nomentum.challenges import queries
from nomentum.challenges.models import Challenge, Group
from nomentum.lib import demo

FEED_SIZE = 30


def _demo_group() -> tuple[Group, Challenge] | None:
    group = demo.find_group()
    if group is None:
        return None
    challenge = Challenge.objects.filter(group=group, name=demo.GROUP_NAME).order_by("id").first()
    return (group, challenge) if challenge else None


def _demo_user_ids(group: Group) -> set[int]:
    # Demo users are made without an email address; a real account always has one.
    users = User.objects.filter(memberships__group=group, username__startswith=demo.PREFIX)
    return set(users.filter(Q(email="")).values_list("pk", flat=True))


def demo_page(request: HttpRequest) -> HttpResponse:
    found = _demo_group()
    if found is None:
        return render(request, "web/demo.html", {"missing": True}, status=404)
    group, challenge = found
    ids = _demo_user_ids(group)
    # Nobody: a viewer who is no member, so the board and feed show what any member may see.
    visitor = User(pk=0, username="visitor")
    board = queries.board(challenge, timezone.localdate(), visitor, request.GET.get("sort", ""))
    rows = [row for row in board.members if row.user_id in ids]
    feed = [
        item for item in queries.group_feed(group.pk, visitor, FEED_SIZE) if item.user_id in ids
    ]
    members = set(group.memberships.values_list("user_id", flat=True))
    # The board's totals count everyone, those hidden from the ranking too; should a
    # real person ever have joined, count the demo users' rows only.
    totals = board.totals if members <= ids else _totals(rows)
    return render(
        request,
        "web/demo.html",
        {
            "group": group,
            "challenge": challenge,
            "board": board,
            "rows": rows,
            "totals": totals,
            "unranked": totals.members - len(rows),
            "feed": feed,
            "mark": demo.MARK,
            "sorts": queries.SORTS,
        },
    )


def _totals(rows: list[queries.MemberRow]) -> queries.Totals:
    return queries.Totals(
        members=len(rows),
        asks=sum(row.asks for row in rows),
        rejections=sum(row.rejections for row in rows),
        yeses=sum(row.yeses for row in rows),
        pending=sum(row.pending for row in rows),
    )
