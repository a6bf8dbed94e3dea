"""A journey's browsers and the screenshot of each of its steps, kept as artefacts when it fails.

Each ``journal.step(page, "what was done")`` keeps a screenshot of the page's viewport in memory (a
tenth of a second or less). When the test fails, every step's screenshot and a full-page screenshot of each
page still open are written to ``$BROWSER_ARTEFACTS/<test>/`` (by default ``data/screenshots/<test>/``,
which git ignores), numbered in the order they were taken, so a person can see where the journey went
wrong. A test that passes writes nothing, unless ``BROWSER_SCREENSHOTS=always`` (to look at the pages).
"""

import os
import re
from pathlib import Path

ARTEFACTS = Path(os.environ.get("BROWSER_ARTEFACTS") or Path(__file__).resolve().parents[2] / "data" / "screenshots")

# A phone: the viewport of a 6.1" phone, with touch and the mobile meta viewport honoured.
PHONE_DEVICE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP_DEVICE = {"viewport": {"width": 1280, "height": 900}}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:150]


class Journal:
    def __init__(self, chromium):
        self.chromium = chromium
        self.contexts = []
        self.pages = []
        self.shots: list[tuple[str, bytes]] = []

    def new_page(self, label: str, **context_options):
        """A page in a browser context of its own (its own cookies): one person on one device."""
        context = self.chromium.new_context(**context_options)
        self.contexts.append(context)
        page = context.new_page()
        page.journal_label = label
        self.pages.append(page)
        return page

    def step(self, page, name: str) -> None:
        """Remember what ``page`` shows after the step ``name``."""
        self.shots.append((f"{page.journal_label}-{name}", page.screenshot()))

    def save(self, folder: Path, last: str = "at-failure") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for number, (name, png) in enumerate(self.shots, start=1):
            (folder / f"{number:02d}-{_slug(name)}.png").write_bytes(png)
        number = len(self.shots)
        for page in self.pages:
            if not page.is_closed():
                number += 1
                name = f"{number:02d}-{_slug(page.journal_label)}-{last}"
                try:
                    page.screenshot(path=folder / f"{name}.png", full_page=True)
                except Exception as error:  # a page that cannot be drawn must not hide the failure
                    (folder / f"{name}.txt").write_text(str(error))
        return folder

    def close(self) -> None:
        for context in self.contexts:
            context.close()

    @staticmethod
    def folder_for(node) -> Path:
        return ARTEFACTS / _slug(f"{Path(node.path).stem}--{node.name}")
