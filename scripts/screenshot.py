"""Fill a running Nomentum with a demo writer's asks and photograph pages for the docs.

    .venv/bin/python scripts/screenshot.py http://127.0.0.1:8141

Signs up a new demo user through the API, logs a few weeks of pitches with
their answers, starts a group challenge with three more members who log
their own, then saves, with Debian's Chromium ($NOMENTUM_CHROMIUM), each main
page on a 390x844 phone and a 1280x800 desktop, in the light and the dark theme:
  docs/screenshots/<page>-<phone|desktop>-<light|dark>.png
where <page> is one of PAGES below (landing, home, log-ask, asks, board, stats,
group), e.g. docs/screenshots/home-phone-light.png.  Older PNGs in the folder
that this script no longer writes are removed.
"""

import argparse
import datetime as dt
import json
import os
import secrets
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Literal

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("NOMENTUM_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A fresh password each run: the demo account may live on a shared server.
PASSWORD = secrets.token_urlsafe(16)

# (title, recipient, category, asked days ago, outcome, feedback, answered days ago)
ASKS: list[tuple[str, str, str, int, str, str, int | None]] = [
    ("Residency: winter writers' retreat", "Hawthornden", "grant", 45, "pending", "", None),
    ("Pitch: night trains essay", "The Atlantic", "pitch", 20, "no", "form", 6),
    ("Job: staff travel writer", "Atlas Obscura", "job", 15, "no", "", 1),
    ("Pitch: the last ferry to Tiree", "The Guardian", "pitch", 12, "no", "personal", 2),
    ("Pitch: slow travel column", "Condé Nast Traveler", "pitch", 9, "yes", "", 1),
    ("Grant: travel writing award", "Society of Authors", "grant", 5, "pending", "", None),
    ("Pitch: sleeper trains are back", "Wired", "pitch", 3, "pending", "", None),
    ("Pitch: night buses of Europe", "Slate", "pitch", 1, "pending", "", None),
    ("Pitch: ferries of the Hebrides", "BBC Travel", "pitch", 11, "no", "form", 10),
    ("Job: features editor", "Lonely Planet", "job", 10, "no", "", 8),
    ("Pitch: rail passes, explained", "The Times", "pitch", 8, "no", "personal", 5),
]
# The demo group challenge: 30 days that started this many days ago.
CHALLENGE_STARTED = 12
# The writer's fellow members: (display name, no's a week, [(asked days ago, outcome,
# answered days ago)]).
MEMBERS: list[tuple[str, int, list[tuple[int, str, int | None]]]] = [
    (
        "Ravi",
        3,
        [
            (11, "no", 10),
            (9, "no", 8),
            (8, "yes", 5),
            (6, "no", 4),
            (5, "no", 3),
            (3, "no", 1),
            (2, "pending", None),
        ],
    ),
    ("Amara", 2, [(12, "no", 11), (7, "no", 6), (4, "no", 2), (1, "pending", None)]),
    ("Lena", 4, [(10, "no", 9), (3, "pending", None)]),
]


def api(base: str, method: str, path: str, body: Any = None, token: str = "") -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}{path}", data, headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            raw = response.read()
    except urllib.error.HTTPError as error:
        sys.exit(f"{method} {path}: {error.code} {error.read().decode()}")
    return json.loads(raw) if raw else None


def sign_up(base: str, username: str) -> str:
    """Sign up a new user and return an API token of theirs."""
    api(
        base,
        "POST",
        "/api/v1/auth/signup",
        {"username": username, "email": f"{username}@example.com", "password": PASSWORD},
    )
    credentials = {"username": username, "password": PASSWORD, "name": "screenshots"}
    return api(base, "POST", "/api/v1/auth/tokens", credentials)["token"]


def day(days_ago: int) -> str:
    return (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=days_ago)).isoformat()


def fill(base: str, username: str) -> tuple[int, int, list[tuple[str, str]]]:
    """Log the writer's asks, start the group challenge; return the group, the challenge
    and the members to name."""
    token = sign_up(base, username)
    today = dt.datetime.now(dt.UTC).date()  # a new user lives in UTC
    for title, recipient, category, asked_ago, outcome, feedback, answered_ago in ASKS:
        ask: dict[str, Any] = {
            "title": title,
            "recipient": recipient,
            "category": category,
            "asked_on": (today - dt.timedelta(days=asked_ago)).isoformat(),
            "outcome": outcome,
            "feedback": feedback,
        }
        if answered_ago is not None:
            ask["decided_on"] = (today - dt.timedelta(days=answered_ago)).isoformat()
        api(base, "POST", "/api/v1/asks", ask, token)

    group = api(base, "POST", "/api/v1/groups", {"name": "The writers' room"}, token)
    dates = {"starts_on": day(CHALLENGE_STARTED), "ends_on": day(CHALLENGE_STARTED - 29)}
    path = f"/api/v1/groups/{group['id']}/challenges"
    challenge = api(base, "POST", path, {"name": "Thirty days of no", **dates}, token)
    goal_path = f"/api/v1/challenges/{challenge['id']}/goal"
    api(base, "PUT", goal_path, {"rejections_per_week": 3}, token)
    code = api(base, "POST", f"/api/v1/groups/{group['id']}/invites", {}, token)["code"]
    names = [(username, "Sam")]
    for name, per_week, asks in MEMBERS:
        member = f"{name.lower()}-{username}"
        member_token = sign_up(base, member)
        names.append((member, name))
        api(base, "POST", f"/api/v1/invites/{code}/accept", {}, member_token)
        api(base, "PUT", goal_path, {"rejections_per_week": per_week}, member_token)
        for number, (asked_ago, outcome, answered_ago) in enumerate(asks, start=1):
            ask = {"title": f"Ask {number}", "asked_on": day(asked_ago), "outcome": outcome}
            if answered_ago is not None:
                ask["decided_on"] = day(answered_ago)
            api(base, "POST", "/api/v1/asks", ask, member_token)
    return group["id"], challenge["id"], names


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def name_everyone(browser: Browser, base: str, names: list[tuple[str, str]]) -> None:
    """Give each demo person a display name, through the profile page (the API has none)."""
    for username, name in names:
        context = browser.new_context()
        page = context.new_page()
        log_in(page, base, username)
        page.goto(f"{base}/accounts/profile")
        page.get_by_label("Display name").fill(name)
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        context.close()


# Each page to photograph: (name, path, whether a visitor sees it logged out). The path
# may name {group} and {challenge}, the demo's own.
PAGES: list[tuple[str, str, bool]] = [
    ("landing", "/", True),
    ("home", "/", False),
    ("log-ask", "/asks/new", False),
    ("asks", "/asks/", False),
    ("board", "/challenges/{challenge}/", False),
    ("stats", "/insights/", False),
    ("group", "/groups/{group}/", False),
]
# (name, viewport, a phone with touch)
DEVICES: list[tuple[str, ViewportSize, bool]] = [
    ("phone", {"width": 390, "height": 844}, True),
    ("desktop", {"width": 1280, "height": 800}, False),
]
SCHEMES: list[Literal["light", "dark"]] = ["light", "dark"]


def shot_names() -> set[str]:
    """Every file name photograph() writes."""
    return {
        f"{page}-{device}-{scheme}.png"
        for page, _, _ in PAGES
        for device, _, _ in DEVICES
        for scheme in SCHEMES
    }


def photograph(
    base: str,
    username: str,
    group_id: int,
    challenge_id: int,
    names: list[tuple[str, str]],
    out: Path,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.png"):
        if stale.name not in shot_names():
            stale.unlink()
            print(f"removed {stale.name}")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        name_everyone(browser, base, names)
        for device, viewport, mobile in DEVICES:
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport=viewport, is_mobile=mobile, has_touch=mobile, color_scheme=scheme
                )
                page = context.new_page()
                # The visitor's pages first, then log in for the rest.
                for visitor in (True, False):
                    if not visitor:
                        log_in(page, base, username)
                    for name, path, logged_out in PAGES:
                        if logged_out != visitor:
                            continue
                        page.goto(f"{base}{path.format(group=group_id, challenge=challenge_id)}")
                        page.wait_for_load_state("networkidle")
                        file = out / f"{name}-{device}-{scheme}.png"
                        page.screenshot(path=str(file), full_page=True, animations="disabled")
                        shown = file.relative_to(ROOT) if file.is_relative_to(ROOT) else file
                        print(f"saved {shown}")
                context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="where Nomentum runs, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--username", default=f"demo{secrets.token_hex(3)}")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    group_id, challenge_id, names = fill(base, args.username)
    photograph(base, args.username, group_id, challenge_id, names, args.out)


if __name__ == "__main__":
    main()
