"""Which site answers a host, remembered by each process while that site is unchanged.

Wagtail finds the site of every request with a query (``Site.find_for_request``)
that took longer to build than to run. Here each process keeps the answer for a
host name and port with the site's generation (``cms.site_cache``), and uses it
while the generation is the same. Saving, adding or deleting any Site bumps
every site's generation (a host can move to another site), and publishing,
moving or deleting a page bumps its site's (the home page can change).

Each request gets its own ``Site`` and root ``Page`` instances, built from the
remembered values: Wagtail keeps per-request state on them (the specific home
page, for one).

On with ``SITE_SETTINGS_CACHE``, which needs the shared cache: it is the same
rule as for the site settings (``cms.site_settings``).
"""

import functools

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http.request import split_domain_port
from django.urls import Resolver404, resolve
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from .site_cache import process_memory, request_generation

# Host names are checked against ALLOWED_HOSTS, but a wildcard there allows any number of them.
MAX_REMEMBERED_HOSTS = 1000

# (host name, port) -> (site's generation, site's field values, its root page's field values)
_remembered: dict[tuple[str, int], tuple[int, dict, dict]] = process_memory()


def field_values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def rebuilt(model, values: dict):
    instance = model(**values)
    instance._state.adding = False
    instance._state.db = model.objects.db
    return instance


def remember(address: tuple[str, int], generation: int, site: Site) -> None:
    if len(_remembered) >= MAX_REMEMBERED_HOSTS:
        _remembered.clear()
    _remembered[address] = (generation, field_values(site), field_values(site.root_page))


def find_for_request(request) -> Site | None:
    """``Site.find_for_request``, without its query while the site is unchanged."""
    if hasattr(request, "_wagtail_site") or not settings.SITE_SETTINGS_CACHE:  # Wagtail's per-request cache
        return Site.find_for_request(request)
    # As Wagtail: the raw host, so a host outside ALLOWED_HOSTS gets its 400 later, not here.
    address = (split_domain_port(request._get_raw_host())[0], request.get_port())
    remembered = _remembered.get(address)
    generation = None
    if remembered is not None:
        site_values, page_values = remembered[1], remembered[2]
        # Read before the query below: a change committing meanwhile bumps it again (site_cache).
        generation = request_generation(request, site_values["id"])
        if generation == remembered[0]:
            site = rebuilt(Site, site_values)
            site.root_page = rebuilt(Page, page_values)
            request._wagtail_site = site
            return site

    site = Site.find_for_request(request)
    if site is None:
        return None
    if generation is None or remembered[1]["id"] != site.pk:
        # This site's generation was not read before the query: read it, then the site again.
        generation = request_generation(request, site.pk)
        try:
            site = get_site_for_hostname(*address)
        except Site.DoesNotExist:  # deleted meanwhile
            return request._wagtail_site
    remember(address, generation, site)
    return request._wagtail_site


# Paths come from visitors: at most this many are remembered (gunicorn caps a request line at 4 KB).
@functools.lru_cache(maxsize=1024)
def is_page_path(path: str) -> bool:
    """Whether Wagtail's page view answers this path (the URLconf is fixed for the life of a process)."""
    try:
        return resolve(path).url_name == "wagtail_serve"
    except Resolver404:
        return False  # answered below with a 404


@receiver(setting_changed)
def forget_page_paths(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # only tests change it
        is_page_path.cache_clear()


class RememberedSiteMiddleware:
    """Find the site of a page request before Wagtail's page view asks for it (see the module docstring).

    Other views (search, the newsletter, the admin) are left alone: not all of them need a site.
    """

    def __init__(self, get_response):
        if not settings.SITE_SETTINGS_CACHE:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        if is_page_path(request.path_info):
            find_for_request(request)
        return self.get_response(request)
