"""Purge a CDN or caching proxy (WAGTAILFRONTENDCACHE) when content that many pages show changes.

Wagtail's own frontend_cache app purges a page's URL when it is published or
unpublished. Two things it does not cover are added here:

- the pages that list a page (its hub and the home page) when it is published
  or unpublished, so a new article appears in its listing at once;
- every live page of a site when a site setting is saved (brand, offer,
  navigation: shown on every page), and of every site when a snippet, a site or
  a generic setting changes: ``site_cache.sites_shown_on``, the rule the page
  cache follows too.

Purges are background tasks (README, Background work), enqueued in the editor's transaction: the
worker sends them once it commits, so the CDN never refetches a page from before the change, and an
editor never waits for the CDN. Nothing happens when no frontend cache is set.
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_tasks import task
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished

from background.backend import enqueue

from .site_cache import sites_shown_on


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_pages(pages) -> None:
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.purge()


@task()
def purge_listings_of(page_id: int) -> None:
    """Purge the pages that list a page: its live ancestors below the root (its hub, its home page)."""
    # The root node (depth 1) belongs to no site and has no URL.
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        purge_pages(page.get_ancestors().live().filter(depth__gt=1).specific(defer=True))


@task()
def purge_sites(site_ids=None) -> None:
    """Purge every live page of the given sites (all sites when None)."""
    sites = Site.objects.select_related("root_page")
    if site_ids is not None:
        sites = sites.filter(pk__in=site_ids)
    for site in sites:
        purge_pages(Page.objects.live().descendant_of(site.root_page, inclusive=True).specific(defer=True))


def page_published_or_unpublished(sender, instance=None, **kwargs):
    if not enabled():
        return
    # Wagtail purges the page itself; its hub and home page list it.
    enqueue(purge_listings_of, instance.pk)


def model_saved_or_deleted(sender, instance=None, **kwargs):
    if not enabled() or isinstance(instance, Page):
        return
    site_ids = sites_shown_on(sender, instance, created=kwargs.get("created", False))
    if site_ids != []:
        enqueue(purge_sites, site_ids)


def restriction_groups_changed(sender, instance=None, action="", **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        model_saved_or_deleted(type(instance), instance)


def connect_signals() -> None:
    page_published.connect(page_published_or_unpublished, dispatch_uid="cdn_purge.page_published")
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid="cdn_purge.page_unpublished")
    post_save.connect(model_saved_or_deleted, dispatch_uid="cdn_purge.saved")
    post_delete.connect(model_saved_or_deleted, dispatch_uid="cdn_purge.deleted")
    m2m_changed.connect(
        restriction_groups_changed, sender=PageViewRestriction.groups.through, dispatch_uid="cdn_purge.groups"
    )
