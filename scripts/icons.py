"""Draw the app's PNG icons from our own SVG, with Debian's Chromium ($NOMENTUM_CHROMIUM).

    .venv/bin/python scripts/icons.py

Writes nomentum/web/static/nomentum/icon-192.png and icon-512.png from icon.svg, for the
web app manifest: phones want PNGs for a home-screen icon. The PNGs are square and full
bleed (the SVG's rounded corners filled with its own colour): a phone rounds or masks the
icon itself, and the letter sits well inside the maskable safe zone (the middle 80%).
Run it again after changing icon.svg, and commit the PNGs with it.
"""

import base64
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "nomentum" / "web" / "static" / "nomentum"
CHROMIUM = os.environ.get("NOMENTUM_CHROMIUM") or "/usr/bin/chromium"
SIZES = (192, 512)
# icon.svg's own fill, behind its rounded corners.
BACKGROUND = "#c2410c"


def main() -> None:
    svg = base64.b64encode((STATIC / "icon.svg").read_bytes()).decode()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for size in SIZES:
            page = browser.new_page(viewport={"width": size, "height": size})
            # The SVG drawn at the icon's size, so the PNG is sharp, not a scaled bitmap.
            page.set_content(
                f"<style>html,body{{margin:0;background:{BACKGROUND}}}</style>"
                f'<img src="data:image/svg+xml;base64,{svg}" width="{size}" height="{size}">'
            )
            page.wait_for_function("document.images[0].complete")
            path = STATIC / f"icon-{size}.png"
            page.screenshot(path=str(path))
            page.close()
            print(f"wrote {path}")
        browser.close()


if __name__ == "__main__":
    main()
