import os
import shutil
from pathlib import Path

import pytest

from .journal import Journal

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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture can tell that the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def journal(request, chromium):
    """Browser pages for the people of a journey; each step's screenshot is saved if the test fails."""
    journal, folder = Journal(chromium), Journal.folder_for(request.node)
    shutil.rmtree(folder, ignore_errors=True)  # no screenshots of an earlier run
    yield journal
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        print(f"Screenshots of each step: {journal.save(folder)}")
    elif report is not None and os.environ.get("BROWSER_SCREENSHOTS") == "always":
        journal.save(folder, last="at-end")
    journal.close()
