"""Medical review: the workflow step between an editor's draft and a live article.

An editor submits an article of a hub; a medical reviewer of the same site approves it, or requests
changes with a comment. Approving credits the reviewer (the Person linked to their account) and today's
date on the article, in a revision that the end of the workflow then publishes, so the live page says
who reviewed it and when.

Reviewers belong to the task's groups (the migration's "Medical reviewers", or a site's own group such
as "Harborlight medical reviewers") and act only on pages they may publish, so a team never reviews,
opens or locks another site's articles.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowTask
from wagtail.permission_policies.pages import PagePermissionPolicy

MEDICAL_REVIEW = "Medical review"


def reviewer_for(user):
    """The Person credited when ``user`` approves a review, or None (their account is linked to nobody)."""
    return getattr(user, "person", None) if user.is_authenticated else None


class MedicalReviewTask(GroupApprovalTask):
    """Approval by a medical reviewer of the page's own site, who is then credited on the article."""

    class Meta:
        verbose_name = "medical review task"
        verbose_name_plural = "medical review tasks"

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups who may publish the page approve it or request changes; "
            "approving credits their person as the article's medical reviewer, with today's date."
        )

    def reviews(self, obj, user) -> bool:
        """Whether ``user`` reviews ``obj``: a superuser, or in the task's groups and allowed to publish it."""
        if user.is_superuser:
            return True
        if not (user.is_active and self._user_in_groups(user)):
            return False
        if isinstance(obj, Page):
            return obj.permissions_for_user(user).can_publish()
        return True

    def user_can_access_editor(self, obj, user):
        return self.reviews(obj, user)

    def locked_for_user(self, obj, user):
        return not self.reviews(obj, user)

    def user_can_lock(self, obj, user):
        return self.reviews(obj, user)

    def get_actions(self, obj, user):
        if not self.reviews(obj, user):
            return []
        actions = [("reject", "Request changes", True)]
        # Approving names the reviewer on the article: only someone who is a Person can.
        if reviewer_for(user) is not None:
            actions += [("approve", "Approve", False), ("approve", "Approve with comment", True)]
        return actions

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            self.credit_reviewer(task_state, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    def credit_reviewer(self, task_state, user) -> None:
        """Save a revision naming the reviewer and today's date; the workflow publishes the latest revision."""
        person = reviewer_for(user)
        if person is None:
            raise PermissionDenied("Only an account linked to a person can approve a medical review.")
        page = task_state.workflow_state.content_object
        if not isinstance(page, Page):
            return
        draft = page.specific.get_latest_revision_as_object()
        if not (hasattr(draft, "medical_reviewer") and hasattr(draft, "last_reviewed")):
            return  # e.g. the hub itself: nothing to credit
        draft.medical_reviewer = person
        draft.last_reviewed = timezone.localdate()
        draft.save_revision(user=user, log_action=True, clean=False)
        # The workflow ends by publishing this object's latest revision: make it the one just saved.
        page.refresh_from_db()

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        # Only the pages of the reviewer's own site(s) wait for them on the dashboard.
        pages = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
        page_ids = pages.annotate(id_text=Cast("pk", output_field=CharField())).values("id_text")
        return states.filter(workflow_state__object_id__in=page_ids)


def under_medical_review(page) -> bool:
    """Whether ``page`` (saved, or the parent of one being created) follows the Medical review workflow."""
    workflow = page.get_workflow()
    return workflow is not None and workflow.name == MEDICAL_REVIEW


def publishes_only_through_review(user, page) -> bool:
    """Whether ``user`` may publish ``page`` only by approving its medical review, not with plain Publish.

    Plain Publish cancels the workflow and skips the approval that names the reviewer on the article.
    Administrators keep it (for corrections and emergencies) and are warned when the article has no
    review (``lacks_review``). Reviewers keep their publish permission: it is what scopes them to
    their own site's pages (``MedicalReviewTask.reviews``), and outside the hubs they publish as before.
    """
    return not user.is_superuser and under_medical_review(page)


def lacks_review(page) -> bool:
    """Whether ``page`` is an article with no medical reviewer or review date: no "Medically reviewed" byline."""
    return hasattr(page, "medical_reviewer") and not (page.medical_reviewer_id and page.last_reviewed)


def medical_review_workflow() -> Workflow:
    """The "Medical review" workflow and its task, made by the migration; re-created if deleted."""
    workflow = Workflow.objects.filter(name=MEDICAL_REVIEW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=MEDICAL_REVIEW)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    if not MedicalReviewTask.objects.filter(workflow_tasks__workflow=workflow).exists():
        task = MedicalReviewTask.objects.filter(name=MEDICAL_REVIEW).first()
        task = task or MedicalReviewTask.objects.create(name=MEDICAL_REVIEW)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def medical_review_task(workflow: Workflow) -> MedicalReviewTask:
    return MedicalReviewTask.objects.filter(workflow_tasks__workflow=workflow).order_by("pk").first()
