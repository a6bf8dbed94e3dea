"""Moving or renaming a published page leaves a permanent redirect from its old address, on its own site."""

from urllib.parse import urljoin

import pytest
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from seo.tests.world import JERSEY_HOST, MAIN_HOST, fresh, make_landing, page_url, render

pytestmark = pytest.mark.django_db


def assert_moved_permanently(client, host, old_path, new_path):
    response = client.get(old_path, headers={"host": host})
    assert response.status_code == 301, f"{host}{old_path} answered {response.status_code}"
    assert urljoin(f"http://{host}{old_path}", response["Location"]) == f"http://{host}{new_path}"
    assert client.get(new_path, headers={"host": host}).status_code == 200


def test_renaming_a_page_in_the_admin_redirects_its_old_address(
    admin_client, client, world, django_capture_on_commit_callbacks
):
    landing = fresh(world.main.landing)
    assert page_url(landing) == "/florida/"
    data = nested_form_data(
        {
            "title": landing.title,
            "slug": "florida-ketamine-therapy",
            "introduction": landing.introduction,
            "body": streamfield([("paragraph", rich_text("<p>About Florida.</p>"))]),
            "action-publish": "publish",
        }
    )
    # Wagtail announces a changed slug once the transaction commits, as it does for a real request.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[landing.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert page_url(fresh(landing)) == "/florida-ketamine-therapy/"

    assert_moved_permanently(client, MAIN_HOST, "/florida/", "/florida-ketamine-therapy/")
    # The new address is the canonical one.
    assert render(client, "/florida-ketamine-therapy/", MAIN_HOST).canonical == (
        f"http://{MAIN_HOST}/florida-ketamine-therapy/"
    )
    # The redirect belongs to the page's own site only.
    assert client.get("/florida/", headers={"host": JERSEY_HOST}).status_code == 404


def test_moving_a_page_in_the_admin_redirects_it_and_its_children(admin_client, client, world):
    landing = fresh(world.jersey.landing)
    make_landing(landing, "Ketamine therapy in Newark", "newark")
    locations = make_landing(fresh(world.jersey.home), "Where we work", "locations")
    assert page_url(landing) == "/new-jersey/"

    response = admin_client.post(reverse("wagtailadmin_pages:move_confirm", args=[landing.pk, locations.pk]))
    assert response.status_code == 302

    assert_moved_permanently(client, JERSEY_HOST, "/new-jersey/", "/locations/new-jersey/")
    assert_moved_permanently(client, JERSEY_HOST, "/new-jersey/newark/", "/locations/new-jersey/newark/")
    assert client.get("/new-jersey/", headers={"host": MAIN_HOST}).status_code == 404


def test_renaming_a_published_article_redirects_its_old_address(client, world, django_capture_on_commit_callbacks):
    article = fresh(world.main.plain_article)
    old_path = page_url(article)
    article.slug = "what-treatment-costs"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert_moved_permanently(client, MAIN_HOST, old_path, "/resources/what-treatment-costs/")
    redirect = Redirect.objects.get(old_path=old_path.rstrip("/"))
    assert redirect.is_permanent
    assert redirect.automatically_created
    assert redirect.site_id == world.main.site.pk
