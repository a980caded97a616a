"""The main pages weigh under 100 KB with their assets, call no other host, and paint fast.

Measured on the local test server, without compression, each page counted with every asset it
loads as though none were cached: an upper bound of what a phone downloads on a first visit.
"""

import datetime as dt

import pytest
from playwright.sync_api import Page, Request

from .conftest import Person, make_world

pytestmark = pytest.mark.browser

MAIN = ("landing", "log in", "sign up", "home", "log an ask", "ask list", "groups", "board",
        "challenges", "stats", "history year")  # fmt: skip
BUDGET = 100 * 1024
LCP_BUDGET_MS = 1000

LCP = """() => new Promise((resolve, reject) => {
  new PerformanceObserver(list => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({type: "largest-contentful-paint", buffered: true});
  setTimeout(() => reject(new Error("no largest-contentful-paint entry")), 5000);
})"""


def weigh(page: Page, url: str) -> tuple[int, list[str]]:
    """Return the bytes a visit to url transfers (bodies and headers) and every URL it asked for."""
    sizes: list[int] = []
    urls: list[str] = []

    def done(request: Request) -> None:
        # Read now: a body can no longer be read once the page has moved on. The body as
        # sent is counted even when the browser's memory cache answered.
        urls.append(request.url)
        response = request.response()
        body = len(response.body()) if response is not None else 0
        sizes.append(body + max(0, request.sizes()["responseHeadersSize"]))

    page.on("requestfinished", done)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", done)
    return sum(sizes), urls


def test_main_pages_are_light_local_and_quick(phone: Page, live_server, record_property):
    world = make_world(dt.date.today())
    page = phone
    base = live_server.url
    weights: dict[str, int] = {}
    elsewhere: list[str] = []
    for name in MAIN:
        if name == "home":
            Person(page).log_in(base, "ada")
        weights[name], urls = weigh(page, base + world[name])
        elsewhere += [url for url in urls if not url.startswith(f"{base}/")]
        weight = f"weight {name}: {weights[name] / 1024:.1f} KB in {len(urls)} requests"
        record_property("measured", weight)

    page.goto(base + world["home"])
    lcp = page.evaluate(LCP)
    record_property("measured", f"largest contentful paint, home page on a phone: {lcp:.0f} ms")

    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    heavy = {name: kb for name, kb in weights.items() if kb >= BUDGET}
    assert not heavy, f"pages over {BUDGET} bytes: {heavy}"
    assert lcp < LCP_BUDGET_MS
