from .health import STOPPED, worker_state


def worker_warning(request):
    """``worker_stopped`` for the admin's banner, read only on admin pages (one small query)."""
    if (
        not request.path.startswith("/admin/")
        or not getattr(request, "user", None)
        or not request.user.is_authenticated
    ):
        return {}
    return {"worker_stopped": worker_state() == STOPPED}
