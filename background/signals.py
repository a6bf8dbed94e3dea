from django.conf import settings
from wagtail.signals import page_published

from .backend import enqueue


def prepare_published_page(sender, instance=None, **kwargs):
    from .tasks import prepare_page

    if settings.PREPARE_PUBLISHED_PAGES:
        enqueue(prepare_page, instance.pk)


def connect() -> None:
    page_published.connect(prepare_published_page, dispatch_uid="background.prepare_published_page")
