from pathlib import Path

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "data" / "screenshots"


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def browser_page(request, chromium):
    context = chromium.new_context(viewport=request.param)
    page = context.new_page()
    page.viewport_name = request.node.callspec.id
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under data/screenshots/ for a person to look at."""

    def take(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{page.viewport_name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
