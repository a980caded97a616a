"""The Content-Security-Policy breaks nothing: the main pages, the API docs and the admin load
in Chromium without a single violation, and our own script (the copy button) still runs."""

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page, expect

from nomentum.accounts.models import User
from tests.conftest import PASSWORD

from .conftest import Person, make_world

pytestmark = pytest.mark.browser

# Runs in every document before its own scripts, so no violation goes unheard.
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || "page"}:${event.lineNumber})`
  );
});
"""


class Watch:
    """Collect CSP violations and uncaught exceptions (a refused eval is one), page by page."""

    def __init__(self, page: Page):
        self.page = page
        self.found: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self.console)
        page.on("pageerror", self.error)

    def console(self, message: ConsoleMessage) -> None:
        # Chromium also logs each refusal here, even one made just before a navigation.
        if "Content Security Policy" in message.text:
            self.found.append(f"{self.page.url}: console {message.type}: {message.text}")

    def error(self, error: Error) -> None:
        self.found.append(f"{self.page.url}: uncaught {error}")

    def check(self) -> None:
        """Add the violations the page reported; call it before leaving the page."""
        violations = self.page.evaluate("window.cspViolations")
        self.found.extend(f"{self.page.url}: {violation}" for violation in violations)

    def visit(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.check()


@pytest.fixture
def watched(desktop: Page) -> Iterator[Watch]:
    yield Watch(desktop)


def test_the_main_pages_meet_the_policy(watched: Watch, live_server):
    base = live_server.url
    world = make_world(dt.date.today())
    page = watched.page
    response = page.goto(f"{base}/login")
    assert response is not None
    assert "script-src 'self';" in response.headers["content-security-policy"]

    watched.visit(base + world["landing"])
    Person(page, touch=False).log_in(base, "ada")
    watched.check()
    for name in ("home", "log an ask", "ask list", "stats", "board", "group (organizer)"):
        watched.visit(base + world[name])

    # A form posts under form-action 'self': log an ask.
    page.goto(base + world["log an ask"])
    page.get_by_label("What did you ask for?").fill("Pitch: the policy essay")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("Pitch: the policy essay").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    watched.check()
    assert not watched.found, "\n".join(watched.found)


def test_the_copy_button_still_runs(watched: Watch, live_server):
    base = live_server.url
    world = make_world(dt.date.today())
    page = watched.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    Person(page, touch=False).log_in(base, "ada")
    watched.visit(base + world["group (organizer)"])

    # Hidden in the HTML: only copy.js shows it, so a visible button proves the script ran.
    button = page.locator("button[data-copy]").first
    expect(button).to_be_visible()
    link = page.locator(f"#{button.get_attribute('data-copy')}").input_value()
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == link
    watched.check()
    assert not watched.found, "\n".join(watched.found)


def test_the_api_docs_work_without_inline_script(watched: Watch, live_server):
    base = live_server.url
    make_world(dt.date.today())
    page = watched.page
    Person(page, touch=False).log_in(base, "ada")
    watched.visit(f"{base}/api/v1/docs")

    # Swagger UI draws the operations from openapi.json and calls the API from the page.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Nomentum API")
    me = page.locator(".opblock-get", has=page.locator('[data-path="/api/v1/me"]'))
    me.locator(".opblock-summary").click()
    me.get_by_role("button", name="Try it out").click()
    me.get_by_role("button", name="Execute").click()
    expect(me.locator(".live-responses-table tbody .response-col_status")).to_have_text("200")
    expect(me.locator(".live-responses-table")).to_contain_text('"username": "ada"')
    watched.check()
    assert not watched.found, "\n".join(watched.found)


def test_the_admin_works_under_the_policy(watched: Watch, live_server):
    base = live_server.url
    make_world(dt.date.today())
    User.objects.create_superuser("root", "root@example.com", PASSWORD)
    ask = User.objects.get(username="ada").asks.first()
    assert ask is not None
    page = watched.page

    watched.visit(f"{base}/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    watched.check()
    for path in ("/admin/asks/ask/", f"/admin/asks/ask/{ask.pk}/change/", "/admin/asks/ask/add/"):
        watched.visit(base + path)
    # The change form's date widgets are drawn by the admin's scripts.
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()
    assert not watched.found, "\n".join(watched.found)
