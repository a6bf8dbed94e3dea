"""Giving existing rows a site, for the migrations that make a model ``SiteOwned``.

Used by migrations, with their historical models: it must keep working with the fields those
migrations know, whatever the models become later.

Each row goes to the site whose pages use it. A row used by the pages of several sites stays with the
first of them (the default site first) and each other site gets its own copy, its pages pointing at it.
A row no page uses goes to the default site.
"""

from collections import defaultdict

from django.db import models

from .site_owned import SITE_HELP


def site_field(*, null: bool) -> models.ForeignKey:
    """``SiteOwned.site``: nullable while the rows are given their sites, then required."""
    return models.ForeignKey(
        null=null,
        on_delete=models.CASCADE,
        related_name="+",
        to="wagtailcore.site",
        help_text=SITE_HELP,
    )


def site_roots(apps) -> list[tuple[str, int]]:
    """(root page path, site id), the default site first."""
    sites = apps.get_model("wagtailcore", "Site").objects.select_related("root_page")
    return [(site.root_page.path, site.pk) for site in sites.order_by("-is_default_site", "pk")]


def site_of(path: str, roots: list[tuple[str, int]]) -> int | None:
    inside = [(len(root), site_id) for root, site_id in roots if path.startswith(root)]
    return max(inside)[1] if inside else None


def give_rows_a_site(apps, model, usages, *, copy_fields=(), repoint=None) -> None:
    """Set ``site`` on every row of ``model``.

    ``usages`` are (row id, page path, page id) triples; ``repoint(copy, row, page_ids)`` moves those
    pages from ``row`` to ``copy``; without it, a row shared by several sites stays with the first one.
    """
    roots = site_roots(apps)
    rows = model.objects.filter(site__isnull=True)
    if not roots:
        if rows.exists():
            raise RuntimeError(f"{model._meta.verbose_name_plural} need a site: add one (Settings → Sites) first.")
        return
    default_site = roots[0][1]
    order = {site_id: position for position, (_root, site_id) in enumerate(roots)}
    pages_by_site = defaultdict(lambda: defaultdict(list))  # row id -> site id -> page ids
    for row_id, path, page_id in usages:
        site_id = site_of(path, roots)
        if row_id is not None and site_id is not None:
            pages_by_site[row_id][site_id].append(page_id)
    for row in rows:
        sites = sorted(pages_by_site[row.pk], key=order.get) or [default_site]
        row.site_id = sites[0]
        row.save(update_fields=["site"])
        for site_id in sites[1:] if repoint else ():
            copy = model(site_id=site_id, **{name: getattr(row, name) for name in copy_fields})
            copy.save()
            repoint(copy, row, pages_by_site[row.pk][site_id])
