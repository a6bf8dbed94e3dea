from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Person, ResourceCategory


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "role"]
    search_fields = ["name", "role"]


class ResourceCategoryViewSet(SnippetViewSet):
    model = ResourceCategory
    icon = "folder-open-inverse"
    menu_label = "Categories"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class ResourcesGroup(SnippetViewSetGroup):
    menu_label = "Resources"
    menu_icon = "doc-full-inverse"
    menu_order = 200
    items = (PersonViewSet, ResourceCategoryViewSet)


register_snippet(ResourcesGroup)
