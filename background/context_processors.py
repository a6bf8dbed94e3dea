from django.contrib import messages
from django.contrib.messages.storage.base import Message

from .health import STOPPED, worker_state

WORKER_STOPPED = (
    "Scheduled pages and e-mails are waiting: the background worker is not running. Nothing scheduled will "
    "go live and no e-mail will be sent until it runs again; tell whoever runs the site (manage.py worker, "
    "see the README, “Background work”)."
)


class WithWorkerWarning:
    """The request's messages with the worker warning first: Wagtail shows them at the top of every admin page."""

    def __init__(self, stored):
        self.stored = stored

    def __iter__(self):
        yield Message(messages.WARNING, WORKER_STOPPED, extra_tags="worker-stopped")
        yield from self.stored

    def __len__(self):
        return 1 + len(self.stored)

    def __bool__(self):
        return True


def worker_warning(request):
    """On admin pages, while no worker runs, the warning joins Django's messages (after its context processor)."""
    user = getattr(request, "user", None)
    if not request.path.startswith("/admin/") or user is None or not user.is_authenticated:
        return {}
    if worker_state() != STOPPED:
        return {}
    return {"messages": WithWorkerWarning(messages.get_messages(request))}
