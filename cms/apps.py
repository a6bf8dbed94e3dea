from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Clinic CMS project"

    def ready(self):
        from . import cdn_purge, site_cache

        site_cache.connect_signals()
        cdn_purge.connect_signals()
