"""Page types built on SeoPage read their pages with one join to wagtailcore_page, as Django intends."""

import pytest
from django.apps import apps
from wagtail.models import Page

from seo.pages import SeoPage

PAGE_TYPES = [model for model in apps.get_models() if issubclass(model, SeoPage)]


def test_every_page_type_is_checked():
    names = {model.__name__ for model in PAGE_TYPES}
    assert names >= {"HomePage", "LandingPage", "ResourcesIndexPage", "ArticlePage"}


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda model: model.__name__)
def test_filtering_on_page_fields_joins_the_page_table_once(page_type, db):
    home = Page(path="00010001", depth=2)
    queryset = page_type.objects.live().public().descendant_of(home).filter(slug="about")

    sql = str(queryset.query)

    assert sql.count('JOIN "wagtailcore_page"') == 1, sql


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda model: model.__name__)
def test_the_link_to_page_is_the_page_types_own_field(page_type):
    assert page_type._meta.parents[Page] is page_type._meta.get_field("page_ptr")
