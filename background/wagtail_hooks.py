from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .views import RETRY_ACTION, BackgroundTaskViewSet


@hooks.register("register_admin_viewset")
def register_background_task_viewset():
    return BackgroundTaskViewSet()


@hooks.register("register_log_actions")
def register_retry_action(actions):
    actions.register_action(RETRY_ACTION, "Run a failed background task again", "Ran a failed background task again")


@hooks.register("insert_global_admin_css")
def background_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("background/admin.css"))
