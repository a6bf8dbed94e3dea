"""Admin login throttling (django-axes): after LOGIN_FAILURE_LIMIT (5) wrong passwords for one user name from one
address, that pair gets a 429 lockout page, even with the right password, for LOGIN_COOLOFF_MINUTES (15)."""

import datetime
import io
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from cms.tests.test_environment import GOOD_KEY, read_settings
from cms.tests.test_security_headers import policy

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
PASSWORD = "correct-horse-battery"
OFFICE = "203.0.113.10"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def editors(db):
    users = get_user_model().objects
    return (
        users.create_superuser("editor", "editor@example.org", PASSWORD),
        users.create_superuser("writer", "writer@example.org", PASSWORD),
    )


def log_in(username, password, address=OFFICE, **extra):
    """A fresh browser posting Wagtail's login form from ``address``."""
    browser = Client()
    response = browser.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)
    response.browser = browser
    return response


def logged_in(response) -> bool:
    return response.status_code == 302 and response.browser.get("/admin/").status_code == 200


def fail(times, username="editor", address=OFFICE):
    return [log_in(username, "wrong password", address) for _ in range(times)]


def test_five_wrong_passwords_lock_the_user_out_with_a_friendly_429_page(editors, caplog):
    first_four = fail(4)
    assert {response.status_code for response in first_four} == {200}  # the form again, with its error

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="axes"):
        fifth = fail(1)[0]
    # Operators find it in the log (axes names the user and address, masked).
    locking = [record for record in caplog.records if "Locking out" in record.getMessage()]
    assert [record.levelno for record in locking] == [logging.WARNING]
    right_password = log_in("editor", PASSWORD)

    for response in (fifth, right_password):
        assert response.status_code == 429
        page = response.content.decode()
        assert "Too many sign-in attempts" in page
        assert "Please wait 15 minutes" in page
        assert "Traceback" not in page
    assert not logged_in(right_password)


def test_the_lockout_page_gets_the_strict_login_policy(editors):
    fail(5)
    page = log_in("editor", PASSWORD)
    assert policy(page)["script-src"] == ["'self'"]


def test_another_user_and_another_address_are_not_locked_out(editors):
    fail(5)

    assert logged_in(log_in("writer", PASSWORD, OFFICE))
    assert logged_in(log_in("editor", PASSWORD, ELSEWHERE))
    assert log_in("editor", PASSWORD, OFFICE).status_code == 429


def test_after_the_cool_off_the_right_password_works_again(editors):
    fail(5)
    # Fifteen minutes and a second pass: the failures are that old now.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=15, seconds=1)
    )

    assert logged_in(log_in("editor", PASSWORD))


def test_failures_older_than_the_cool_off_do_not_count(editors):
    fail(4)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))

    assert fail(1)[0].status_code == 200  # one recent failure, not five
    assert logged_in(log_in("editor", PASSWORD))


def test_a_successful_login_resets_the_count(editors):
    fail(4)
    assert logged_in(log_in("editor", PASSWORD))

    assert {response.status_code for response in fail(4)} == {200}
    assert logged_in(log_in("editor", PASSWORD))


def test_an_administrator_can_lift_a_lockout_at_once(editors):
    fail(5)

    call_command("axes_reset_username", "editor", stdout=io.StringIO())

    assert logged_in(log_in("editor", PASSWORD))


def test_behind_a_trusted_proxy_visitors_are_told_apart_by_x_forwarded_for(editors, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _ in range(5):
        log_in("editor", "wrong password", "10.0.0.2", HTTP_X_FORWARDED_FOR=OFFICE)

    assert log_in("editor", PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR=OFFICE).status_code == 429
    assert logged_in(log_in("editor", PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR=ELSEWHERE))


def test_an_untrusted_peer_cannot_dodge_the_lockout_with_x_forwarded_for(editors):
    for number in range(5):
        log_in("editor", "wrong password", OFFICE, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")

    assert log_in("editor", PASSWORD, OFFICE, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_the_test_clients_own_logins_still_work(editors, client):
    assert client.login(username="editor", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_limit_and_cool_off_come_from_the_environment():
    values = read_settings(
        ["AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME"],
        SECRET_KEY=GOOD_KEY,
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="60",
    )
    assert values == {"AXES_FAILURE_LIMIT": 3, "AXES_COOLOFF_TIME": "1:00:00"}
