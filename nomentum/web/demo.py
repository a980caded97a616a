"""The read-only demo at /demo: a month of the demo group "November of NO", for anyone.

The page only reads. It does not load the demo on a first visit: a public GET
that writes fifteen users and hundreds of asks would let any visitor fill a
site's database, and whether demo users exist at all is the operator's call
(`nomentum demo`). Only the group and the users `nomentum demo` flagged are
shown: a name, a description or an empty email can be copied by anyone, the
flag cannot. A real person who ever joined the demo group stays out of it too.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nomentum import numbers
from nomentum.accounts.models import User
from nomentum.challenges.board import SORTS, MemberRow, Totals
from nomentum.challenges.feed import group_feed
from nomentum.challenges.models import Challenge, Group
from nomentum.web import demo_data

FEED_SIZE = 30


def _demo_group() -> tuple[Group, Challenge] | None:
    group = demo_data.find_group()
    if group is None:
        return None
    challenge = (
        Challenge.objects.filter(group=group, name=demo_data.GROUP_NAME).order_by("id").first()
    )
    return (group, challenge) if challenge else None


def _demo_user_ids(group: Group) -> set[int]:
    return set(demo_data.demo_users(group).values_list("pk", flat=True))


def demo_page(request: HttpRequest) -> HttpResponse:
    found = _demo_group()
    if found is None:
        return render(request, "web/demo.html", {"missing": True}, status=404)
    group, challenge = found
    ids = _demo_user_ids(group)
    # Nobody: a viewer who is no member, so the board and feed show what any member may see.
    visitor = User(pk=0, username="visitor")
    board = numbers.board(challenge, timezone.localdate(), visitor, request.GET.get("sort", ""))
    rows = [row for row in board.members if row.user_id in ids]
    feed = [
        item for item in group_feed(group.pk, visitor, FEED_SIZE) if item.user_id in ids
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
            "mark": demo_data.MARK,
            "sorts": SORTS,
        },
    )


def _totals(rows: list[MemberRow]) -> Totals:
    return Totals(
        members=len(rows),
        asks=sum(row.asks for row in rows),
        rejections=sum(row.rejections for row in rows),
        yeses=sum(row.yeses for row in rows),
        pending=sum(row.pending for row in rows),
    )
