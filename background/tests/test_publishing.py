"""Publishing in the admin answers without waiting for the search index, the reference index, a CDN purge or
image renditions: the request enqueues that work, and the worker does it."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from cms.tests.test_frontend_cache import frontend_cache, paths, purge_server  # noqa: F401 (fixtures)
from resources.models import ArticlePage
from resources.tests.builders import article_form, make_article, make_image, make_site

# Rows the migrations made (the root page, the workflow) come back for each test after any flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SLOW_WORK = {
    "modelsearch.tasks.insert_or_update_object_task",  # the search index
    "wagtail.tasks.update_reference_index_task",  # "used on N pages"
    "cms.cdn_purge.purge_listings_of",  # the hub and home page that list the article
    "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task",  # the article itself
    "background.tasks.prepare_page",  # its image renditions
}


def run_worker():
    call_command("worker", "--batch", "--no-schedule", stdout=io.StringIO())


def found(text: str) -> list[str]:
    return [page.title for page in ArticlePage.objects.live().search(text)]


def test_publishing_enqueues_the_slow_work_and_the_worker_does_it(queue, admin_client, frontend_cache):  # noqa: F811
    queue.PREPARE_PUBLISHED_PAGES = True
    _, _, hub = make_site()
    image = make_image("Evening light")
    article = make_article(hub, "Before the session", image=image)
    run_worker()
    DBTaskResult.objects.all().delete()
    frontend_cache.clear()
    image.renditions.all().delete()

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        article_form("Sleep well before the session", featured_image=image.pk, **{"action-publish": "1"}),
    )

    assert response.status_code == 302
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) >= SLOW_WORK
    # None of it has happened yet.
    assert found("sleep") == []
    assert frontend_cache == []
    assert not image.renditions.exists()

    run_worker()

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    assert found("sleep") == ["Sleep well before the session"]
    assert {"/", "/resources/", "/resources/sleep-well-before-the-session/"} <= paths(frontend_cache, "localhost")
    assert image.renditions.filter(filter_spec__contains="1200x675").exists()
    assert ReferenceIndex.get_references_to(image).filter(object_id=str(article.pk)).exists()


def test_preparing_a_page_that_is_no_longer_public_renders_nothing(queue):
    from background.renditions import render_page_and_its_listings

    _, _, hub = make_site()
    article = make_article(hub, "Withdrawn", image=make_image())
    article.unpublish()

    assert render_page_and_its_listings(article.pk) == []
    assert not get_image_model().objects.get().renditions.exists()
