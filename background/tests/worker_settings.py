"""The test settings with the database queue: what worker processes started by the tests run with."""

from cms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "background.backend.QueueBackend"}}
