from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ReusableCallToAction


class ReusableCallToActionViewSet(SnippetViewSet):
    model = ReusableCallToAction
    icon = "pick"
    menu_label = "Calls to action"
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["name", "heading", "button_label"]
    search_fields = ["name", "heading"]


register_snippet(ReusableCallToActionViewSet)
