"""Settings come from the environment; a bad value stops start-up with one clear line."""

import json
import subprocess
import sys

import pytest

from cms.tests.processes import PROJECT_ROOT, clean_environment, free_port, manage

GOOD_KEY = "a-test-secret-key-that-is-long-enough-for-the-deploy-checks-0123456789"


def read_settings(names: list[str], **environ: str) -> dict:
    """Import the production settings in a fresh interpreter and report some values."""
    script = (
        "import json, cms.settings.production as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=clean_environment(**environ),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def only_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{stderr}"
    return lines[0]


def test_missing_secret_key_with_debug_off_stops_with_one_line():
    result = manage("check", env=clean_environment())
    assert result.returncode != 0
    assert only_line(result.stderr) == (
        "Configuration error: SECRET_KEY is required when DEBUG is off (set a long random value)."
    )


def test_gunicorn_refuses_to_start_without_secret_key():
    result = subprocess.run(
        ["gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{free_port()}"],
        cwd=PROJECT_ROOT,
        env=clean_environment(DEBUG="0"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Configuration error: SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Booting worker" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "nosuchdb://somewhere/db"),
        ("DATABASE_URL", "just some words"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("CSRF_TRUSTED_ORIGINS", "example.org"),
        ("EMAIL_PORT", "smtp"),
        ("SECURE_SSL_REDIRECT", "sometimes"),
        ("SECURE_HSTS_SECONDS", "-5"),
        ("WAGTAILADMIN_BASE_URL", "admin.example.org"),
    ],
)
def test_malformed_value_names_the_variable(name, value):
    result = manage("check", env=clean_environment(SECRET_KEY=GOOD_KEY, **{name: value}))
    assert result.returncode != 0
    assert only_line(result.stderr).startswith(f"Configuration error: {name} ")


def test_production_defaults_are_strict():
    values = read_settings(
        ["DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"],
        SECRET_KEY=GOOD_KEY,
    )
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
    }


def test_ssl_redirect_can_be_turned_off_behind_a_tls_proxy():
    values = read_settings(["SECURE_SSL_REDIRECT"], SECRET_KEY=GOOD_KEY, SECURE_SSL_REDIRECT="0")
    assert values == {"SECURE_SSL_REDIRECT": False}


def test_database_defaults_to_sqlite_in_the_data_folder():
    values = read_settings(["DATABASES"], SECRET_KEY=GOOD_KEY)
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(PROJECT_ROOT / "data" / "db.sqlite3")


def test_database_url_and_redis_url_are_used():
    values = read_settings(
        ["DATABASES", "CACHES"],
        SECRET_KEY=GOOD_KEY,
        DATABASE_URL="postgres://clinic:pw@db.internal:5433/cms",
        REDIS_URL="redis://cache.internal:6379/2",
    )
    database = values["DATABASES"]["default"]
    assert (database["ENGINE"], database["HOST"], database["PORT"], database["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        5433,
        "cms",
    )
    cache = values["CACHES"]["default"]
    assert (cache["BACKEND"], cache["LOCATION"]) == ("django_redis.cache.RedisCache", "redis://cache.internal:6379/2")


def test_postgresql_connections_reuse_query_plans_unless_a_pooler_cannot_keep_them():
    url = "postgres://clinic:pw@db.internal:5433/cms"
    reused = read_settings(["DATABASES"], SECRET_KEY=GOOD_KEY, DATABASE_URL=url)["DATABASES"]["default"]
    assert reused["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    pooled = read_settings(["DATABASES"], SECRET_KEY=GOOD_KEY, DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0")
    assert "prepare_threshold" not in pooled["DATABASES"]["default"].get("OPTIONS", {})
    sqlite = read_settings(["DATABASES"], SECRET_KEY=GOOD_KEY)["DATABASES"]["default"]
    assert "prepare_threshold" not in sqlite.get("OPTIONS", {})


def test_without_redis_the_cache_is_local_memory():
    values = read_settings(["CACHES"], SECRET_KEY=GOOD_KEY)
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_deploy_checklist_has_no_warnings_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=clean_environment(SECRET_KEY=GOOD_KEY))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
