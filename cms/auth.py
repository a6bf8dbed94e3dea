"""Admin login throttling with django-axes (settings: AXES_*, LOGIN_FAILURE_LIMIT, LOGIN_COOLOFF_MINUTES)."""

from axes.backends import AxesStandaloneBackend


class WebLoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, first in AUTHENTICATION_BACKENDS, for logins made through a web request.

    Wagtail's login form (/admin/login/) always passes the request, so every attempt there is
    counted and refused while locked out. ``authenticate()`` without a request (the test client's
    ``login()``, a management command) has no client address to throttle by: axes would raise for
    it, so this backend steps aside and the next backend decides, as without axes.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
