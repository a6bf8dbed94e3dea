"""The default settings module: everything from the environment, strict defaults."""

from .base import *  # noqa: F403
