"""What ``manage.py seed_demo`` builds: two demo brands, each on its own hostname.

Everything here is data: page fields, StreamField content in its stored (raw) form, and site
settings. ``PageRef("pricing")`` stands for a page of the same site by its path under the home page;
the command swaps it for the page once that page exists. The articles live in ``articles/<key>/``,
and their pictures are drawn by ``make_images`` when the command runs.
"""

from .garden_state import GARDEN_STATE
from .harborlight import HARBORLIGHT
from .spec import DemoSite, PageRef, PageSpec

SITES = [HARBORLIGHT, GARDEN_STATE]

__all__ = ["GARDEN_STATE", "HARBORLIGHT", "SITES", "DemoSite", "PageRef", "PageSpec"]
