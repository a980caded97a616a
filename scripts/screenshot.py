"""Fill a running Nomentum with a demo writer's asks and photograph two pages for the docs.

    .venv/bin/python scripts/screenshot.py http://127.0.0.1:8141

Signs up a new demo user through the API, logs a few weeks of pitches with
their answers, then saves, with Debian's Chromium ($NOMENTUM_CHROMIUM):
  docs/screenshots/home-phone.png    the home page on a 390x844 phone
  docs/screenshots/asks-desktop.png  the ask list on a 1280x800 desktop
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
from typing import Any

from playwright.sync_api import ViewportSize, sync_playwright

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


def fill(base: str, username: str) -> None:
    api(
        base,
        "POST",
        "/api/v1/auth/signup",
        {"username": username, "email": f"{username}@example.com", "password": PASSWORD},
    )
    credentials = {"username": username, "password": PASSWORD, "name": "screenshots"}
    token = api(base, "POST", "/api/v1/auth/tokens", credentials)["token"]
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


def photograph(base: str, username: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        shots: list[tuple[str, Path, ViewportSize, bool]] = [
            ("/", out / "home-phone.png", {"width": 390, "height": 844}, True),
            ("/asks/", out / "asks-desktop.png", {"width": 1280, "height": 800}, False),
        ]
        for path, file, viewport, mobile in shots:
            context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
            page = context.new_page()
            page.goto(f"{base}/login")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}{path}")
            page.screenshot(path=str(file))
            print(f"saved {file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}")
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="where Nomentum runs, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--username", default=f"demo{secrets.token_hex(3)}")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    fill(base, args.username)
    photograph(base, args.username, args.out)


if __name__ == "__main__":
    main()
