from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "worker": "not needed"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_writes_nothing(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")
    statements = [query["sql"].split()[0].upper() for query in queries]
    assert statements == ["SELECT"]


@pytest.mark.django_db
def test_healthz_answers_any_host_over_plain_http(client, settings):
    # Load balancers probe an internal address over HTTP; neither the host
    # check nor the HTTPS redirect may turn that into a 400 or a 301.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", headers={"host": "10.0.0.7:8000"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_refuses_writes(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
