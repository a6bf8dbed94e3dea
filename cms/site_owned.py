"""Rows that belong to one site — people, categories, saved calls to action — and the admin around them.

A row of a ``SiteOwned`` model is seen, chosen, changed and deleted only by the users who work on its
site (``cms.permissions.sites_for``); a superuser works on every site and sees each row's site beside it.
Here: the model field, the forms (a site select of the user's own sites; a page accepting rows of its
own site only). The admin views are in ``cms.site_owned_admin``.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.fields import StreamField
from wagtail.models import Site

from .permissions import sites_for

SITE_HELP = "The site whose pages may use it. Only that site's team sees and changes it."


class SiteOwned(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", help_text=SITE_HELP)

    class Meta:
        abstract = True


def own_site_ids(user) -> set[int]:
    return {site.pk for site in sites_for(user)}


class SiteOwnedForm(WagtailAdminModelForm):
    """The site select offers the user's own sites, and starts on it when there is one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "site" in self.fields and self.for_user is not None:
            own = sites_for(self.for_user)
            self.fields["site"].queryset = Site.objects.filter(pk__in=[site.pk for site in own])
            if len(own) == 1 and not self.instance.site_id:
                self.fields["site"].initial = own[0].pk


class SiteOwnedReferencesPageForm(WagtailAdminPageForm):
    """A page accepts people, categories and saved calls to action of its own site only."""

    def clean(self):
        cleaned_data = super().clean()
        page_site = (self.instance if self.instance.pk else self.parent_page).get_site()
        if page_site is None:
            return cleaned_data
        site_name = page_site.site_name or page_site.hostname
        errors = {
            name: [
                ValidationError(f"“{row}” belongs to another site: choose one of {site_name}'s.")
                for row in site_owned_rows(self.instance._meta, name, value)
                if row.site_id != page_site.pk
            ]
            for name, value in cleaned_data.items()
        }
        for name, messages in errors.items():
            if messages:
                self.add_error(name, messages)
        return cleaned_data


def site_owned_rows(options, name: str, value) -> list[SiteOwned]:
    """The site-owned rows a page field's cleaned value points at: the row itself, or a stream's rows."""
    if isinstance(value, SiteOwned):
        return [value]
    try:
        field = options.get_field(name)
    except FieldDoesNotExist:
        return []
    if not isinstance(field, StreamField) or value is None:
        return []
    rows = []
    for model, object_id, _path, _content_path in field.extract_references(value):
        if issubclass(model, SiteOwned):
            row = model._default_manager.filter(pk=object_id).first()
            if row is not None:
                rows.append(row)
    return rows
