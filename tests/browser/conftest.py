"""Fixtures for the browser suite: one Chromium per session, a fresh context per test.

Debian's Chromium is driven through Playwright's sync API against pytest-django's
live_server. Without Chromium the suite skips, unless NOMENTUM_TEST_REQUIRE_ALL=1.
"""

import os
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread, and Django refuses
# ORM calls from a thread with a running loop unless told it is safe (it is: the
# loop only waits for the browser; the ORM calls never run inside it).
os.environ.update(DJANGO_ALLOW_ASYNC_UNSAFE="true")

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests.conftest import PASSWORD, REQUIRE_ALL

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
