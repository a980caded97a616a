"""Fixtures for the browser suite: one Chromium per session, a fresh context per test.

Debian's Chromium is driven through Playwright's sync API against pytest-django's
live_server. Without Chromium the suite skips, unless NOMENTUM_TEST_REQUIRE_ALL=1.
"""

import datetime as dt
import os
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

# Playwright's sync API runs an event loop in the test thread, and Django refuses
# ORM calls from a thread with a running loop unless told it is safe (it is: the
# loop only waits for the browser; the ORM calls never run inside it).
os.environ.update(DJANGO_ALLOW_ASYNC_UNSAFE="true")

from django.utils import timezone
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from nomentum.challenges import services
from nomentum.web.demo_data import load_demo
from tests.conftest import (
    PASSWORD,
    REQUIRE_ALL,
    make_ask,
    make_challenge,
    make_group,
    make_invite,
    make_user,
)

CHROMIUM = Path(os.environ.get("NOMENTUM_CHROMIUM") or "/usr/bin/chromium")
# Playwright's own browser download does not work everywhere; Debian's Chromium does.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
# Long enough for a slow CI machine, short enough that a broken page fails quickly.
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing = f"Chromium not found at {CHROMIUM}"
        if REQUIRE_ALL:
            reason = f"{missing}: NOMENTUM_TEST_REQUIRE_ALL=1 forbids skipping the browser suite"
            pytest.fail(reason, pytrace=False)
        pytest.skip(f"{missing}: browser suite skipped (set NOMENTUM_CHROMIUM to its path)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _page(
    browser: Browser, request: pytest.FixtureRequest, tmp_path: Path, **options: Any
) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        # A picture of the page as the test left it is worth a stack trace.
        path = tmp_path / "failed.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"\nbrowser: failed at {page.url}; screenshot saved to {path}")
    context.close()


@pytest.fixture
def phone(chromium: Browser, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    """A page on a 390x844 touch screen, as on a current phone."""
    yield from _page(chromium, request, tmp_path, **PHONE)


@pytest.fixture
def desktop(chromium: Browser, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    """A page on a 1280x800 laptop screen."""
    yield from _page(chromium, request, tmp_path, **DESKTOP)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Keep the call's report on the test, so a page fixture can tell it failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class Person:
    """Drives a page the way a person does, counting taps and typed characters.

    Every tap is counted, a tap into a field before typing included: that is
    the cost of a task on a phone, which Nomentum promises to keep low.
    """

    def __init__(self, page: Page, touch: bool = True):
        self.page = page
        self.touch = touch
        self.taps = 0
        self.typed = 0
        self.started = time.perf_counter()

    def tap(self, target: Locator) -> None:
        self.taps += 1
        if self.touch:
            target.tap()
        else:
            target.click()

    def type_into(self, field: Locator, text: str) -> None:
        # A field that already has the cursor (autofocus) takes no tap: the person just types.
        if not field.evaluate("element => element === document.activeElement"):
            self.tap(field)
        field.fill(text)
        self.typed += len(text)

    def choose(self, field: Locator, label: str) -> None:
        self.tap(field)
        field.select_option(label=label)
        self.taps += 1

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def log_in(self, base_url: str, username: str, password: str = PASSWORD) -> None:
        self.page.goto(f"{base_url}/login")
        self.type_into(self.page.get_by_label("Username"), username)
        self.type_into(self.page.get_by_label("Password"), password)
        self.tap(self.page.get_by_role("button", name="Log in"))
        expect(self.page).to_have_url(f"{base_url}/")


# axe-core comes from the npm registry, pinned in tests/browser/package-lock.json and
# installed by scripts/test (`npm ci --prefix tests/browser`); it is never committed or served.
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# What a test may not let through: WCAG 2.2 AA says "serious" and "critical" block a person.
AXE_BLOCKING = ("serious", "critical")


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """Return the path of axe-core's script; skip (or fail under REQUIRE_ALL) without it."""
    if not AXE.is_file():
        missing = f"axe-core not found at {AXE}"
        hint = "run `npm ci --prefix tests/browser` (scripts/test does when npm is installed)"
        if REQUIRE_ALL:
            pytest.fail(
                f"{missing}: NOMENTUM_TEST_REQUIRE_ALL=1 forbids skipping the accessibility tests",
                pytrace=False,
            )
        pytest.skip(f"{missing}: accessibility tests skipped; {hint}")
    return AXE


def axe(page: Page, script: Path) -> list[dict[str, Any]]:
    """Return axe-core's violations on the page as it stands, against WCAG 2.2 A and AA."""
    # Evaluated by the browser's debugger, not added as a <script>: the page's
    # Content-Security-Policy refuses inline scripts, as it should.
    page.evaluate(script.read_text())
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def axe_summary(name: str, violations: list[dict[str, Any]]) -> str:
    """Return one line: the page and its violations counted by impact, with the rules."""
    if not violations:
        return f"axe {name}: no violations"
    by_impact: dict[str, int] = {}
    for violation in violations:
        impact = violation.get("impact") or "unknown"
        by_impact[impact] = by_impact.get(impact, 0) + len(violation["nodes"])
    counts = ", ".join(f"{n} {impact}" for impact, n in sorted(by_impact.items()))
    rules = ", ".join(f"{v['id']} ({v.get('impact')})" for v in violations)
    return f"axe {name}: {counts}: {rules}"


def axe_blocking(violations: list[dict[str, Any]]) -> list[str]:
    """Return a readable line for each node of a serious or critical violation."""
    return [
        f"{v['id']} ({v['impact']}): {node['target']}: {node.get('failureSummary', '')}"
        for v in violations
        if v.get("impact") in AXE_BLOCKING
        for node in v["nodes"]
    ]


def make_world(today: dt.date) -> dict[str, str]:
    """Return the paths of every page a person can reach, over a month of one writer's data.

    "ada" owns the asks, organizes a group with a running challenge and a board; "bo" is a
    member with asks of her own, so boards, feeds and charts have something to draw.
    """
    ada = make_user("ada")
    bo = make_user("bo")
    make_user("cy")  # a newcomer with nothing yet, for the onboarding steps
    load_demo(today=today)  # the public demo month
    asks = []
    for days, outcome, answered in [
        (40, "pending", None),
        (20, "no", 6),
        (15, "no", 1),
        (12, "yes", 2),
        (9, "no_response", 1),
        (3, "pending", None),
        (1, "pending", None),
    ]:
        fields: dict[str, Any] = {"asked_on": today - dt.timedelta(days=days), "outcome": outcome}
        if answered is not None:
            fields["decided_on"] = today - dt.timedelta(days=answered)
        asks.append(make_ask(ada, title=f"Pitch {days}", recipient=f"Editor {days % 4}", **fields))
    make_ask(bo, title="Grant", outcome="no", asked_on=today - dt.timedelta(days=4))
    group = make_group(ada, bo)
    challenge = make_challenge(
        group=group,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=19),
    )
    services.set_goal(challenge, ada, rejections_per_week=3)
    services.set_goal(challenge, bo, rejections_total=10)
    invite = make_invite(group, ada, timezone.now())
    ask = asks[-1].pk
    # The page an emailed reset link opens, for bo (nobody is logged in yet).
    reset = f"{urlsafe_base64_encode(force_bytes(bo.pk))}/{default_token_generator.make_token(bo)}"
    return {
        "landing": "/",
        "log in": "/login",
        "sign up": "/accounts/signup",
        "password reset": "/accounts/password/reset",
        "new password": f"/accounts/password/reset/{reset}",
        "join invite": f"/join/{invite.code}",
        "demo": "/demo",
        "404": "/no-such-page",
        # From here on, ada is logged in.
        "home": "/",
        "log an ask": "/asks/new",
        "ask list": "/asks/",
        "edit": f"/asks/{ask}/edit",
        "delete": f"/asks/{ask}/delete",
        "categories": "/asks/categories",
        "overdue": "/asks/overdue",
        "recipients": "/asks/recipients",
        "import": "/asks/import",
        "profile": "/accounts/profile",
        "API tokens": "/accounts/tokens",
        "groups": "/groups/",
        "group (organizer)": f"/groups/{group.pk}/",
        "challenges": "/challenges/",
        "board": f"/challenges/{challenge.pk}/",
        "stats": "/insights/",
        "history year": f"/history/{today.year}",
        "compare": "/history/compare",
        "404 (logged in)": "/no-such-page",
    }


# The pages before logging in; make_world lists them first.
ANONYMOUS = (
    "landing",
    "log in",
    "sign up",
    "password reset",
    "new password",
    "join invite",
    "demo",
    "404",
)

# The onboarding steps, seen by "cy", who has logged nothing yet.
ONBOARDING = {"welcome": "/welcome", "first goal": "/welcome/goal", "first ask": "/welcome/ask"}
