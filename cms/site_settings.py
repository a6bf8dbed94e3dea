"""Site settings read from the database once per site generation in each process.

Every page shows the site's settings (brand, menus, footer, newsletter, SEO).
Wagtail reads each of them with a query per request, then its menu links with
more queries, and its logo and favicon renditions from the cache. Here each
process keeps the settings it has read, with their links resolved and their
images' renditions, and uses them while the site's generation
(``cms.site_cache``) is the one they were read under. Saving a setting, a
snippet or an image, or publishing, moving or deleting a page bumps it, so the
next request anywhere reads the new values: the generation is read from the
shared cache on every request.

Each request gets its own copy of the remembered instance (Wagtail keeps the
request on it). The admin edits settings through ``Model.for_site``, which
this module leaves alone, so an editor never edits a shared instance.

``SITE_SETTINGS_CACHE`` turns it on; it is on with ``REDIS_URL`` only, as the
page cache: with a memory cache local to each process, a save in one process
would not retire what another one remembers.
"""

import copy

from django.conf import settings as django_settings
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from wagtail.contrib.settings.context_processors import SettingModuleProxy, SettingProxy
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry
from wagtail.images.models import AbstractImage
from wagtail.models import Site

from .site_cache import process_memory, request_generation, site_generation

# (setting model, site id) -> (site generation it was read under, instance)
_remembered: dict[tuple[type[BaseSiteSetting], int], tuple[int, BaseSiteSetting]] = process_memory()


def image_fields(model: type[BaseSiteSetting]) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if field.many_to_one and field.related_model and issubclass(field.related_model, AbstractImage)
    ]


def read(model: type[BaseSiteSetting], site: Site) -> BaseSiteSetting:
    """The site's settings with their images, and the images' renditions in one more query."""
    images = image_fields(model)
    instance, _created = model.base_queryset().select_related(*images).get_or_create(site=site)
    prefetch_related_objects([image for image in (getattr(instance, name) for name in images) if image], "renditions")
    return instance


def for_site(model: type[BaseSiteSetting], site: Site, generation: int | None = None) -> BaseSiteSetting:
    """A copy of ``model``'s settings for ``site``, read once per site generation."""
    if not django_settings.SITE_SETTINGS_CACHE:
        return model.for_site(site)
    if generation is None:
        # Read before the row: a save that commits meanwhile bumps the generation again (site_cache).
        generation = site_generation(site.pk)
    remembered = _remembered.get((model, site.pk))
    if remembered is not None and remembered[0] == generation:
        instance = remembered[1]
    else:
        instance = read(model, site)
        _remembered[(model, site.pk)] = (generation, instance)
    return copy.copy(instance)


def for_request(model: type[BaseSiteSetting], request: HttpRequest) -> BaseSiteSetting:
    """As ``model.for_request``: kept on the request, where Wagtail's own ``for_request`` finds it too."""
    attribute = model.get_cache_attr_name()
    if hasattr(request, attribute):
        return getattr(request, attribute)
    site = Site.find_for_request(request)
    if site is None:
        raise model.DoesNotExist(f"{model.__name__}: no site serves this request.")
    generation = request_generation(request, site.pk) if django_settings.SITE_SETTINGS_CACHE else None
    instance = for_site(model, site, generation)
    instance._request = request  # as Wagtail does: page URLs relative to the request's site
    setattr(request, attribute, instance)
    return instance


class SiteSettingModuleProxy(SettingModuleProxy):
    def get_setting(self, model_name):
        model = registry.get_by_natural_key(self.app_label, model_name)
        if model is not None and issubclass(model, BaseSiteSetting) and isinstance(self.request_or_site, HttpRequest):
            return for_request(model, self.request_or_site)
        return super().get_setting(model_name)


class SiteSettingProxy(SettingProxy):
    def __missing__(self, app_label):
        self[app_label] = value = SiteSettingModuleProxy(self.request_or_site, app_label)
        return value


def settings(request):
    """Templates' ``settings.<app>.<Model>``, as Wagtail's context processor, through ``for_request``."""
    return {"settings": SiteSettingProxy(request)}
