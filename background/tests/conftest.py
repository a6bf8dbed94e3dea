import pytest

QUEUE = {"default": {"BACKEND": "background.backend.QueueBackend"}}


@pytest.fixture
def queue(settings):
    """Tasks go to the database queue, as in production, instead of running at once."""
    settings.TASKS = QUEUE
    settings.TASK_RETRY_SECONDS = 1
    settings.TASK_MAX_ATTEMPTS = 3
    return settings


class Clock:
    @staticmethod
    def wait_until(moment) -> None:
        """Sleep until ``moment`` (a retry's run_after; django-tasks-db's far future means "at once") has passed."""
        import time

        from django.utils import timezone

        if moment.year == 9999:
            return
        time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.05)


@pytest.fixture
def clock():
    return Clock()
