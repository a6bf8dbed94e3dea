"""The demo with its teams and demo accounts, built once per test module and rolled back after it.

Building the demo takes several seconds, so a module builds it once (``demo_teams``) and each of its
tests runs in a savepoint inside that transaction. A module imports the two fixtures below::

    from cms.tests.demo_teams import _demo, _uploads_in_a_temporary_folder  # noqa: F401 (fixtures)

``_uploads_in_a_temporary_folder`` replaces the project's, so every test finds the demo's images in the
module's folder.
"""

import io
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import Site

from resources.models import ResourcesIndexPage

PASSWORD = "team-demo-password"
HARBORLIGHT = "localhost:8000"
GARDEN_STATE = "nj.localhost:8000"


@contextmanager
def demo_teams(django_db_blocker, media_root):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        cache.clear()
        call_command("seed_demo", "--admin-password", PASSWORD, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
    # The rollback sends no signals: forget the root paths of sites that no longer exist.
    Site.clear_site_root_paths_cache()
    cache.clear()


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_teams(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(_demo):
    """Replaces the project's fixture: the demo's images stay in the module's folder."""


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def user(username: str):
    return get_user_model().objects.get(username=username)


def site(host: str) -> Site:
    hostname, port = host.split(":")
    return Site.objects.get(hostname=hostname, port=int(port))


def hub_of(host: str) -> ResourcesIndexPage:
    return ResourcesIndexPage.objects.child_of(site(host).root_page).get()


def refused(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard, where it says "Sorry, you
    do not have permission to access this area." (a fetch request gets the 403 itself)."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
