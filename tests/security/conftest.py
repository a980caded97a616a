"""The world the access walk runs in, and the table it prints at the end of a run.

One owner with asks, categories, API tokens and a calendar feed; a group run by an
organizer, with a plain member, an invite, a challenge, goals, a check-in, a cheer and
someone the organizer removed; an outsider who shares nothing with anyone and runs a group
of their own (with someone removed from it too), whose ids are tried through the first
group's addresses. The owner also belongs to the group as a plain
member who shares details, so the member and the organizer see the owner's asks in the
feed and on the board: the walk proves they still cannot read or change them directly.
"""

import datetime as dt
import json
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from nomentum.accounts.models import ApiToken, CalendarToken, User
from nomentum.challenges import services
from nomentum.challenges.models import Sharing
from nomentum.notify.models import Kind
from nomentum.notify.services import unsubscribe_token
from tests.conftest import GROUP_NOW, join, make_ask, make_challenge, make_invite, make_user

ROLES = ("anonymous", "owner", "member", "organizer", "outsider")
# The key under which each role's walk hands its column of the table to the summary below.
WALK_PROPERTY = "access walk"


@dataclass
class World:
    users: dict[str, User]
    # What fills a URL's parameters, by name: ids, codes and tokens, as text.
    values: dict[str, str]
    # Each signed-in role's API bearer token.
    bearer: dict[str, str] = field(default_factory=dict)


def build_world() -> World:
    """Return the world, made at GROUP_NOW (Wednesday 2026-11-11, week 2 of November)."""
    owner = make_user("owner")
    member = make_user("member")
    organizer = make_user("organizer")
    outsider = make_user("outsider")
    users = {"owner": owner, "member": member, "organizer": organizer, "outsider": outsider}

    answered = make_ask(owner, title="Pitch to the Times", recipient="Ed", outcome="no")
    # Asked in September: past the 30-day silence rule, so it is overdue and can be snoozed.
    pending = make_ask(owner, title="Grant", asked_on=dt.date(2026, 9, 1), category="grant")
    private = make_ask(owner, title="A private one", outcome="yes", private=True)
    spare_token, _ = ApiToken.issue(owner, "phone")
    calendar = CalendarToken.issue(owner)
    personal = make_challenge(owner=owner, name="My November")
    services.set_goal(personal, owner, rejections_total=12)

    group = services.create_group(organizer, "November of NO")
    membership = join(group, member)
    join(group, owner, sharing=Sharing.DETAILS)
    invite = make_invite(group, organizer, GROUP_NOW)
    challenge = make_challenge(group=group)
    for person in (owner, member, organizer):
        services.set_goal(challenge, person, rejections_per_week=3)
    make_ask(member, title="Residency", outcome="no", decided_on=dt.date(2026, 11, 3))
    services.check_in(challenge, member, 1, GROUP_NOW.date(), note="Three no's, one maybe.")
    services.cheer(member, answered)

    # Removed by the organizer: in neither group now, kept out of each until let back in.
    removed = make_user("removed")
    services.remove_member(group.memberships.get(user=organizer), join(group, removed))

    theirs = services.create_group(outsider, "Outsiders")
    their_invite = make_invite(theirs, outsider, GROUP_NOW)
    their_removed = make_user("their-removed")
    services.remove_member(theirs.memberships.get(user=outsider), join(theirs, their_removed))

    values = {
        "ask": str(pending.pk),
        "answered_ask": str(answered.pk),
        "private_ask": str(private.pk),
        "token": str(spare_token.pk),
        "calendar_token": calendar,
        "reset_uid": urlsafe_base64_encode(force_bytes(owner.pk)),
        "reset_token": default_token_generator.make_token(owner),
        "unsubscribe": unsubscribe_token(owner, Kind.DIGEST),
        "group": str(group.pk),
        "invite": str(invite.pk),
        "invite_code": invite.code,
        "membership": str(membership.pk),
        "member_user": str(member.pk),
        "their_group": str(theirs.pk),
        "their_invite": str(their_invite.pk),
        "their_invite_code": their_invite.code,
        "their_membership": str(theirs.memberships.get().pk),
        "removal": str(group.removals.get().pk),
        "removed_user": str(removed.pk),
        "their_removal": str(theirs.removals.get().pk),
        "their_removed_user": str(their_removed.pk),
        "outsider_user": str(outsider.pk),
        "challenge": str(challenge.pk),
        "personal_challenge": str(personal.pk),
        "year": str(GROUP_NOW.year),
    }
    bearer = {role: ApiToken.issue(user, "walk")[1] for role, user in users.items()}
    return World(users, values, bearer)


@pytest.fixture
def world(frozen, db) -> World:
    return build_world()


def _column_cell(seen: str, expected: str, changed: bool) -> str:
    cell = seen if seen == expected else f"{seen}*"
    return f"{cell}Δ" if changed else cell


def print_walk_table(terminalreporter) -> None:
    """Print the walk's table, routes by roles, -s or not and under pytest-xdist.

    Each role's test hands its column over with record_property(WALK_PROPERTY, json); the
    property travels back from xdist's workers with the report, where a print would be lost.
    tests/summary.py calls this from its pytest_terminal_summary: xdist's controller collects
    no tests, so it never loads this conftest, only the top one and its plugins.
    """
    columns: dict[str, dict[str, dict]] = {}
    rows: list[str] = []
    for kind in ("passed", "failed"):
        for report in terminalreporter.stats.get(kind, []):
            if getattr(report, "when", "") != "call":
                continue
            for key, value in getattr(report, "user_properties", []):
                if key != WALK_PROPERTY:
                    continue
                column = json.loads(value)
                columns[column["role"]] = {cell["row"]: cell for cell in column["cells"]}
                rows.extend(cell["row"] for cell in column["cells"] if cell["row"] not in rows)
    if not columns:
        return
    roles = [role for role in ROLES if role in columns]
    width = max(len(row) for row in rows)
    terminalreporter.section("access walk: the status each role gets, route by route")
    terminalreporter.write_line(
        "login = 302 to the log-in page, admin = 302 to the admin's; "
        "* = not the status expected, Δ = a refused request changed data"
    )
    terminalreporter.write_line(f"{'':{width}}  " + "".join(f"{role:>11}" for role in roles))
    differences = []
    for row in rows:
        cells = []
        for role in roles:
            cell = columns[role].get(row)
            if cell is None:
                cells.append(f"{'-':>11}")
                continue
            cells.append(f"{_column_cell(cell['seen'], cell['expected'], cell['changed']):>11}")
            if cell["seen"] != cell["expected"] or cell["changed"]:
                changed = ", and changed data" if cell["changed"] else ""
                differences.append(
                    f"{row}, {role}: {cell['seen']}, expected {cell['expected']}{changed}"
                )
        terminalreporter.write_line(f"{row:{width}}  " + "".join(cells))
    for line in differences:
        terminalreporter.write_line(f"differs: {line}")
    missing = [role for role in ROLES if role not in columns]
    if missing:
        terminalreporter.write_line(f"not walked in this run: {', '.join(missing)}")
