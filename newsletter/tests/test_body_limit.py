"""Public POSTs larger than any public form needs are refused before their body is read (PUBLIC_POST_MAX_BYTES)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from newsletter.models import Subscriber

from .conftest import SUBSCRIBE_URL

pytestmark = pytest.mark.django_db
HUNDRED_MB = 100 * 1024 * 1024


def test_a_100_mb_multipart_signup_is_refused_unread(client, site, form_data):
    # The test client's body holds a small file, but the request says 100 MB: had anything read the
    # body, the payload would have refused to give more than it holds.
    response = client.post(
        SUBSCRIBE_URL,
        {**form_data, "attachment": SimpleUploadedFile("big.bin", b"x" * 1024)},
        CONTENT_LENGTH=str(HUNDRED_MB),
    )

    assert response.status_code == 413
    assert "much larger than this form accepts" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert not Subscriber.objects.exists()


def test_the_script_gets_json(client, site, form_data):
    response = client.post(
        SUBSCRIBE_URL, form_data, CONTENT_LENGTH=str(HUNDRED_MB), headers={"X-Requested-With": "fetch"}
    )

    assert response.status_code == 413
    assert response.json()["ok"] is False


def test_a_body_just_over_the_limit_is_refused_and_a_normal_signup_still_works(client, site, form_data, settings):
    settings.PUBLIC_POST_MAX_BYTES = 2048

    refused = client.post(SUBSCRIBE_URL, {**form_data, "padding": "x" * 2048})
    accepted = client.post(SUBSCRIBE_URL, form_data)

    assert refused.status_code == 413
    assert accepted.status_code == 303
    assert Subscriber.objects.count() == 1


def test_page_posts_are_limited_too(client, site):
    response = client.post(site.article.url, {"x": "y"}, CONTENT_LENGTH=str(HUNDRED_MB))

    assert response.status_code == 413


def test_the_admin_is_not_limited(admin_client, site, settings):
    settings.PUBLIC_POST_MAX_BYTES = 1024
    response = admin_client.generic("POST", "/admin/images/multiple/add/", data=b"x" * 4096, content_type="text/plain")

    assert response.status_code != 413
