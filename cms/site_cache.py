"""Per-site cache generations: the page cache puts a site's generation in every key.

Anything that can change what a site's pages show (publishing, moving or
deleting a page (a copy kept live is published), adding, changing or removing
a page's privacy, saving a site setting or a snippet, editing or deleting an
image or a document) bumps the generation, which retires every cached page of that site at
once: O(1), and it never misses a page that shows a changed setting. Each
process also keeps which site answers a host (``cms.sites``) and the sites'
settings (``cms.site_settings``) under the generation they were read in.
"""

import time
from functools import partial

from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

# What processes remember across requests while a site's generation is unchanged (cms/sites.py,
# cms/site_settings.py).
_process_memories: list[dict] = []


def process_memory() -> dict:
    memory = {}
    _process_memories.append(memory)
    return memory


def forget_process_memories() -> None:
    for memory in _process_memories:
        memory.clear()


@receiver(setting_changed)
def forget_on_setting_change(*, setting, **kwargs):
    if setting in ("SITE_SETTINGS_CACHE", "CACHES"):
        forget_process_memories()


def generation_key(site_id: int) -> str:
    return f"site-generation:{site_id}"


def fresh_generation() -> int:
    # A clock reading, not 1: a generation key the cache evicted starts again
    # from a number no earlier key used, so pages cached under those never return.
    return time.time_ns()


def site_generation(site_id: int) -> int:
    return cache.get_or_set(generation_key(site_id), fresh_generation, timeout=None)


def request_generation(request, site_id: int) -> int:
    """The site's generation as this request first read it: one cache read a request for every use."""
    read = request.__dict__.setdefault("_site_generations", {})
    if site_id not in read:
        read[site_id] = site_generation(site_id)
    return read[site_id]


def note_generation(request, site_id: int, generation: int) -> None:
    """A generation the request read along with something else (the page cache's one round trip)."""
    request.__dict__.setdefault("_site_generations", {}).setdefault(site_id, generation)


def bump(site_id: int) -> None:
    try:
        cache.incr(generation_key(site_id))
    except ValueError:  # not cached yet (or evicted): any new number retires old keys
        cache.set(generation_key(site_id), fresh_generation(), timeout=None)


def invalidate_site(site_id: int) -> None:
    bump(site_id)
    # Publishing and saving run in a transaction, and the signals fire before it
    # commits: a page rendered meanwhile from the old rows would be cached under
    # the new generation. Bumping again once the rows are visible retires it.
    transaction.on_commit(partial(bump, site_id))


def invalidate_all_sites() -> None:
    for site_id in Site.objects.values_list("pk", flat=True):
        invalidate_site(site_id)


def invalidate_for_page(page: Page) -> None:
    try:
        site = page.get_site()
    except Site.DoesNotExist:  # a page being set up before its site exists
        site = None
    if site is None:
        invalidate_all_sites()
    else:
        invalidate_site(site.pk)


def page_changed(sender, instance=None, **kwargs):
    invalidate_for_page(instance)


def page_moved(sender, instance=None, **kwargs):
    # The page may have left one site for another: both change.
    invalidate_all_sites()


EVERY_SITE = None


def sites_shown_on(sender, instance, created=False) -> list[int] | None:
    """The sites whose pages show a saved or deleted object: a list of ids, EVERY_SITE, or [] for none.

    Pages are left out: saving one only makes a draft, and publishing is a signal of its own.
    So is a new image or document: no page shows it until one that does is published. An edited one
    (its file, focal point, title or description) or a deleted one can show on any site. A page's
    privacy decides whether its site shows it at all: the page itself, and its hub and feeds list
    only public articles. The CDN purge (``cms.cdn_purge``) follows the same rule.
    """
    if isinstance(instance, BaseSiteSetting):
        return [instance.site_id]
    if isinstance(instance, PageViewRestriction):
        return sites_of_page(instance.page_id)
    if isinstance(instance, (Site, BaseGenericSetting)) or sender in get_snippet_models():
        # A site's host names or root can send visitors to another site's pages.
        return EVERY_SITE
    if isinstance(instance, (AbstractImage, AbstractDocument)) and not created:
        return EVERY_SITE
    return []


def sites_of_page(page_id: int) -> list[int] | None:
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # removed with its page, whose deletion retires its site's pages anyway
        return EVERY_SITE
    site = page.get_site()
    return EVERY_SITE if site is None else [site.pk]


def model_saved_or_deleted(sender, instance=None, signal=None, **kwargs):
    if isinstance(instance, Page):
        if signal is post_delete:
            invalidate_for_page(instance)
        return
    if isinstance(instance, Site) and signal is post_delete:
        # No longer among the sites invalidated below; its host names now reach another site.
        invalidate_site(instance.pk)
    site_ids = sites_shown_on(sender, instance, created=kwargs.get("created", False))
    if site_ids is EVERY_SITE:
        invalidate_all_sites()
    for site_id in site_ids or []:
        invalidate_site(site_id)


def restriction_groups_changed(sender, instance=None, action="", **kwargs):
    # Which groups may see a page changes who sees it, not its row: no post_save says so.
    if isinstance(instance, BaseViewRestriction) and action in ("post_add", "post_remove", "post_clear"):
        model_saved_or_deleted(type(instance), instance)


def connect_signals() -> None:
    page_published.connect(page_changed, dispatch_uid="site_cache.page_published")
    page_unpublished.connect(page_changed, dispatch_uid="site_cache.page_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="site_cache.page_moved")
    post_save.connect(model_saved_or_deleted, dispatch_uid="site_cache.saved")
    post_delete.connect(model_saved_or_deleted, dispatch_uid="site_cache.deleted")
    m2m_changed.connect(
        restriction_groups_changed, sender=PageViewRestriction.groups.through, dispatch_uid="site_cache.groups"
    )
