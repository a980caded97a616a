"""Every page passes axe-core on a phone and a desktop, light and dark; thumbs and 320 px fit."""

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page

from .conftest import (
    ANONYMOUS,
    DESKTOP,
    ONBOARDING,
    PHONE,
    TIMEOUT_MS,
    Person,
    axe,
    axe_blocking,
    axe_summary,
    make_world,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_every_page_passes_axe(
    chromium: Browser,
    axe_script: Path,
    live_server,
    record_property,
    tmp_path: Path,
    device: str,
    scheme: str,
):
    context_dir = tmp_path
    options: dict[str, Any] = {**(PHONE if device == "phone" else DESKTOP), "color_scheme": scheme}
    context = chromium.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    world = make_world(dt.date.today())
    blocking: dict[str, list[str]] = {}
    try:
        for name, path in world.items():
            page.goto(live_server.url + path)
            violations = axe(page, axe_script)
            record_property("measured", axe_summary(f"{device}/{scheme} {name}", violations))
            if found := axe_blocking(violations):
                blocking[name] = found
            if name == ANONYMOUS[-1]:  # the last page before logging in
                Person(page, touch=device == "phone").log_in(live_server.url, "ada")
        # The onboarding, as a newcomer sees it.
        page.context.clear_cookies()
        Person(page, touch=device == "phone").log_in(live_server.url, "cy")
        for name, path in ONBOARDING.items():
            page.goto(live_server.url + path)
            violations = axe(page, axe_script)
            record_property("measured", axe_summary(f"{device}/{scheme} {name}", violations))
            if found := axe_blocking(violations):
                blocking[name] = found
        # The import preview only follows an upload: a file with a good row and a bad one.
        csv = Path(context_dir) / "asks.csv"
        csv.write_text("Title,Publication,Date Submitted,Status\nEssay,Granta,2026-11-02,Rejected\n"
                       "Poem,Ploughshares,2025-13-45,Maybe\n")  # fmt: skip
        page.goto(live_server.url + "/asks/import")
        page.get_by_label("Spreadsheet (CSV)").set_input_files(str(csv))
        page.get_by_role("button", name="Preview the import").click()
        page.get_by_role("alert").wait_for()
        violations = axe(page, axe_script)
        record_property("measured", axe_summary(f"{device}/{scheme} import preview", violations))
        if found := axe_blocking(violations):
            blocking["import preview"] = found
    finally:
        context.close()
    assert not blocking, blocking


# Links and buttons a thumb must hit: WCAG 2.5.8 asks 24 px, Nomentum promises 44. A link
# inside a sentence is exempt (the text around it sets its size), as WCAG allows.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    "main a[href], main button, main summary, main select, main input:not([type=hidden]),"
    + ".bar a, .bar summary"
  )].filter(el => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;  // hidden, as in a closed menu
    // A check box's target is its label.
    if (el.matches("input[type=checkbox], input[type=radio]")) return false;
    const text = "p, h1, h2, h3, small, .help, .meta, .lede, td, figcaption, dd";
    if (el.matches("a") && el.parentElement.matches(text)) return false;  // in running text
    return box.height < 44 || box.width < 44;
  }).map(el => {
    const box = el.getBoundingClientRect();
    const name = (el.textContent || el.value || "").trim().slice(0, 30);
    const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
    return `${el.tagName.toLowerCase()} "${name}" ${size}`;
  })"""
OVERFLOWING = """() => [...document.querySelectorAll("body *")]
  .filter(el => el.getBoundingClientRect().right > innerWidth + 0.5)
  .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.getBoundingClientRect().right}`)"""
MAIN = ("landing", "log in", "sign up", "home", "log an ask", "ask list", "edit", "groups",
        "group (organizer)", "challenges", "board", "stats", "history year", "profile")  # fmt: skip


def test_main_pages_have_big_targets_and_hold_at_320_px(
    chromium: Browser, live_server, record_property
):
    world = make_world(dt.date.today())
    context = chromium.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    small: dict[str, list[str]] = {}
    wide: dict[str, list[str]] = {}
    try:
        for name in MAIN:
            if name == "home":
                Person(page).log_in(live_server.url, "ada")
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(live_server.url + world[name])
            if found := page.evaluate(SMALL_TARGETS):
                small[name] = found
            # The narrowest phone in use: nothing may scroll sideways (WCAG 1.4.10, reflow).
            page.set_viewport_size({"width": 320, "height": 640})
            width = page.evaluate("document.scrollingElement.scrollWidth")
            look = f"look {name}: {len(found)} small targets, {width} px wide at 320 px"
            record_property("measured", look)
            if width > 320:
                wide[name] = page.evaluate(OVERFLOWING)
    finally:
        context.close()
    assert not small, "\n".join(f"{k}: {v}" for k, v in small.items())
    assert not wide, wide


def test_the_app_can_be_installed(desktop: Page, live_server):
    page = desktop
    page.goto(live_server.url + "/login")
    assert "service worker" not in page.locator("body").inner_text()  # the comment stays one
    href = page.locator("link[rel=manifest]").get_attribute("href")
    assert href
    response = page.request.get(live_server.url + href)
    assert response.ok
    manifest = response.json()
    assert (manifest["name"], manifest["start_url"], manifest["display"]) == (
        "Nomentum",
        "/",
        "standalone",
    )
    sizes = set()
    for icon in manifest["icons"]:
        # Icons resolve against the manifest's own URL.
        url = urljoin(live_server.url + href, icon["src"])
        assert page.request.get(url).headers["content-type"] == icon["type"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    theme = page.locator("meta[name=theme-color]").first.get_attribute("content")
    assert theme == manifest["theme_color"]
