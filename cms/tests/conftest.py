from types import SimpleNamespace

import pytest

from cms.tests.test_page_cache import with_every_site_setting
from marketing.tests.builders import make_site_settings
from resources.tests.builders import make_article, make_image, make_site

FLORIDA = "localhost"
JERSEY = "jersey.localhost"


@pytest.fixture
def page_cache_off(settings):
    """Every request renders: what a test measures is what a page-cache miss does."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def two_sites(db):
    """Florida (the default site, with a logo and a menu link to its hub, which has an article) and
    New Jersey, each with every setting row, as on a live install."""
    florida, _, hub = make_site(hostname=FLORIDA, title="Harborlight")
    jersey, _, _ = make_site(hostname=JERSEY, title="Garden State", default=False)
    logo = make_image("Harborlight logo", (320, 80))
    make_site_settings(
        florida,
        brand_name="Harborlight Health",
        logo=logo,
        header_links=[("link", {"page": hub, "label": "Resources"})],
    )
    make_site_settings(jersey, brand_name="Garden State Ketamine")
    for site in (florida, jersey):
        with_every_site_setting(site)
    article = make_article(hub, "What to expect")
    return SimpleNamespace(florida=florida, jersey=jersey, hub=hub, article=article, logo=logo)
