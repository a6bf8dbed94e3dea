"""Each test module builds its two sites once; every test runs in a savepoint that is rolled back after it."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from wagtail.models import Site

from seo.tests.world import build_world, page_url


def warm_up(world):
    """Render every page once, so the renditions its images need belong to the module, not to one test."""
    client = Client()
    for tree in (world.main, world.jersey):
        for kind in ("home", "hub", "article", "plain-article", "landing"):
            assert client.get(page_url(tree.page(kind)), headers={"host": tree.host}).status_code == 200


@pytest.fixture(scope="module")
def _module_media_root(tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("seo-media")):
        yield


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(_module_media_root):
    """Replaces the project's fixture of this name: images stay in one temporary folder per module (never the
    checkout), so renditions of the images built once for the module can be made in any of its tests."""


@pytest.fixture(autouse=True)
def _no_cached_renditions_of_rolled_back_images():
    """Wagtail caches renditions by image id; a rolled-back image's id comes back for the next image made."""
    cache.clear()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _module_media_root):
    """Two sites built once per module, inside a transaction rolled back when the module is done."""
    cache.clear()
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = build_world()
            warm_up(built)
            yield built
            transaction.set_rollback(True)
        # The rollback sends no signals: forget the root paths of sites that no longer exist.
        Site.clear_site_root_paths_cache()
    cache.clear()
