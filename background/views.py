"""Settings → Background tasks: what failed for good, with its error, and a button to run it again."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

RETRY_ACTION = "background.retry_task"


class AdministratorsOnly(ModelPermissionPolicy):
    """Only administrators read tasks (their arguments can hold e-mail addresses), and nobody types one in."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action == "view"

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(is_superuser=True)


class TaskFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=TaskResultStatus.choices, empty_label="Any status")

    class Meta:
        model = DBTaskResult
        fields = ["status"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "status" not in data:  # failed ones first: what needs a look
            data = data.copy()
            data["status"] = TaskResultStatus.FAILED
        super().__init__(data, *args, **kwargs)


class TaskIndexView(generic.IndexView):
    page_title = "Background tasks"
    default_ordering = "-enqueued_at"


class TaskInspectView(generic.InspectView):
    template_name = "background/task_inspect.html"
    labels = {"task_name": "Task", "attempts": "Attempts", "error": "Error"}

    def get_page_subtitle(self):
        return self.object.task_name

    def get_field_label(self, field_name, field):
        if field_name in self.labels:
            return self.labels[field_name]
        return super().get_field_label(field_name, field)

    def get_attempts_display_value(self):
        return len(self.object.worker_ids)

    def get_error_display_value(self):
        return self.object.exception_class_path or "—"

    def get_traceback_display_value(self):
        return format_html("<pre>{}</pre>", self.object.traceback) if self.object.traceback else "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retry_url"] = reverse("background_tasks:retry", args=[self.object.pk])
        context["can_retry"] = self.object.status == TaskResultStatus.FAILED
        return context


@require_POST
def retry(request, pk):
    if not request.user.is_superuser:
        raise PermissionDenied
    task = get_object_or_404(DBTaskResult, pk=pk)
    requeued = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None, worker_ids=[]
    )
    if requeued:
        log(instance=task, action=RETRY_ACTION, user=request.user, title=task.task_name)
        messages.success(request, f"“{task.task_name}” is queued again: a worker will run it shortly.")
    else:
        messages.warning(request, f"“{task.task_name}” has not failed, so it was left as it is.")
    return redirect("background_tasks:inspect", task.pk)


class BackgroundTaskViewSet(ModelViewSet):
    model = DBTaskResult
    name = "background_tasks"
    icon = "resubmit"
    menu_label = "Background tasks"
    add_to_settings_menu = True
    index_view_class = TaskIndexView
    inspect_view_class = TaskInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = TaskFilterSet
    list_display = [
        # To the task's page, with its error and "Run again" (there is no edit view to link to).
        TitleColumn(
            "task_name",
            label="Task",
            accessor="task_name",
            get_url=lambda task: reverse("background_tasks:inspect", args=[task.pk]),
        ),
        Column("status", label="Status", accessor="get_status_display"),
        DateColumn("enqueued_at", label="Queued"),
        DateColumn("finished_at", label="Finished"),
        Column("exception_class_path", label="Error"),
    ]
    form_fields = []
    # What an administrator needs to judge a failure; not the arguments, which can hold e-mail addresses.
    inspect_view_fields = [
        "task_name",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "attempts",
        "error",
        "traceback",
    ]

    @property
    def permission_policy(self):
        return AdministratorsOnly(self.model)

    def get_urlpatterns(self):
        return [
            pattern for pattern in super().get_urlpatterns() if pattern.name in ("index", "index_results", "inspect")
        ] + [path("retry/<uuid:pk>/", retry, name="retry")]
