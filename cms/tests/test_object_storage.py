"""Media on S3-compatible object storage, shared by every web container.

The settings are proven in fresh interpreters (they are read at import); the
storage itself against moto's S3 server, started in this process on a free
port of 127.0.0.1, with the same STORAGES["default"] the settings build.
"""

import json
import os
import re
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

from cms.settings import environment
from cms.tests.processes import clean_environment, fetch, manage
from cms.tests.test_environment import GOOD_KEY, only_line, read_settings
from resources.tests.builders import make_article, make_image, make_site

CUSTOM_DOMAIN = "media.clinic.test"
REGION = "us-east-1"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    """A fresh bucket, and the environment a web container would have for it."""
    name = f"clinic-media-{uuid.uuid4().hex[:12]}"
    for variable, value in {
        # boto3's own credential variables; nothing is read from ~/.aws or an instance role.
        "AWS_ACCESS_KEY_ID": "test-access-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret-key",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
    }.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.delenv("AWS_S3_CUSTOM_DOMAIN", raising=False)
    client().create_bucket(Bucket=name)
    return name


def client():
    """boto3 with the same endpoint and credentials as the storage (from the environment)."""
    return boto3.client("s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"], region_name=REGION)


def object_keys(bucket: str) -> set[str]:
    pages = client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


@pytest.fixture
def s3_media(bucket, settings):
    """STORAGES["default"] exactly as the settings module builds it from this environment."""
    settings.STORAGES = {**settings.STORAGES, "default": environment.media_storage()}
    return bucket


@pytest.fixture
def s3_media_behind_cdn(bucket, settings, monkeypatch):
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", CUSTOM_DOMAIN)
    settings.STORAGES = {**settings.STORAGES, "default": environment.media_storage()}
    return bucket


def image_urls(html: str) -> list[str]:
    """Every URL in the src and srcset attributes of a page."""
    urls = []
    for attribute, value in re.findall(r'\b(src|srcset)="([^"]+)"', html):
        urls += [part.strip().split(" ")[0] for part in value.split(",")] if attribute == "srcset" else [value]
    return urls


# The settings, read at import in a fresh interpreter


def test_without_a_bucket_media_stays_on_disk_and_static_files_on_whitenoise():
    storages_setting = read_settings(["STORAGES"], SECRET_KEY=GOOD_KEY)["STORAGES"]
    assert storages_setting == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }


def test_a_bucket_name_puts_media_in_object_storage():
    storages_setting = read_settings(
        ["STORAGES"],
        SECRET_KEY=GOOD_KEY,
        AWS_STORAGE_BUCKET_NAME="clinic-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        AWS_S3_ADDRESSING_STYLE="path",
    )["STORAGES"]
    assert storages_setting["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "clinic-media",
            "endpoint_url": "https://objects.example.net",
            "region_name": "eu-central-1",
            "addressing_style": "path",
            "custom_domain": "media.example.org",
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
    assert storages_setting["staticfiles"] == {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("AWS_S3_ENDPOINT_URL", "minio:9000", "must be a URL starting with http:// or https://"),
        ("AWS_S3_CUSTOM_DOMAIN", "https://media.example.org", "must be a host name"),
        ("AWS_S3_ADDRESSING_STYLE", "sideways", "must be one of auto, path, virtual"),
    ],
)
def test_malformed_storage_value_names_the_variable(name, value, message):
    environ = clean_environment(SECRET_KEY=GOOD_KEY, AWS_STORAGE_BUCKET_NAME="clinic-media", **{name: value})
    result = manage("check", env=environ)
    assert result.returncode != 0
    assert only_line(result.stderr).startswith(f"Configuration error: {name} {message}")


def test_storage_value_without_a_bucket_stops_start_up():
    result = manage("check", env=clean_environment(SECRET_KEY=GOOD_KEY, AWS_S3_CUSTOM_DOMAIN="media.example.org"))
    assert result.returncode != 0
    assert only_line(result.stderr) == (
        "Configuration error: AWS_S3_CUSTOM_DOMAIN is set but AWS_STORAGE_BUCKET_NAME is not: "
        "media would stay on the local disk."
    )


# The storage, against moto's S3 server


@pytest.mark.django_db
def test_original_and_rendition_are_stored_in_the_bucket(s3_media, settings):
    image = make_image("Consultation room")
    rendition = image.get_rendition("fill-300x200|format-webp")

    assert image.file.name.startswith("original_images/")
    assert rendition.file.name.startswith("images/")
    assert {image.file.name, rendition.file.name} <= object_keys(s3_media)
    head = client().head_object(Bucket=s3_media, Key=rendition.file.name)
    assert head["CacheControl"] == "public, max-age=86400"
    # Nothing reached the container's own disk.
    media_root = Path(settings.MEDIA_ROOT)
    assert not media_root.exists() or not any(media_root.rglob("*"))


@pytest.mark.django_db
def test_image_urls_point_at_the_endpoint_and_serve_without_a_signature(s3_media, s3_endpoint):
    # Objects carry no ACL: the bucket's policy makes media public (or a CDN's origin access does).
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{s3_media}/*",
            }
        ],
    }
    client().put_bucket_policy(Bucket=s3_media, Policy=json.dumps(public_read))
    rendition = make_image("Waiting room").get_rendition("fill-300x200")

    assert rendition.url == f"{s3_endpoint}/{s3_media}/{rendition.file.name}"
    response = fetch(rendition.url)
    assert response.status == 200
    assert response.body[:3] == b"\xff\xd8\xff"  # a JPEG


@pytest.mark.django_db
def test_article_page_shows_its_image_from_the_custom_domain(s3_media_behind_cdn, client):
    _, _, hub = make_site()
    article = make_article(hub, "What to expect", image=make_image("Treatment chair"))

    response = client.get(article.url)

    assert response.status_code == 200
    rendition_urls = [url for url in image_urls(response.text) if "/images/" in url]
    assert rendition_urls, "the article shows no rendition of its featured image"
    prefix = f"https://{CUSTOM_DOMAIN}/"
    assert all(url.startswith(prefix) for url in rendition_urls), rendition_urls
    assert {url.removeprefix(prefix) for url in rendition_urls} <= object_keys(s3_media_behind_cdn)


@pytest.mark.django_db
def test_a_second_container_reads_the_same_files(s3_media, settings):
    image = make_image("Shared photo")
    rendition = image.get_rendition("width-400")
    original_bytes = image.file.open("rb").read()
    image.file.close()

    # Another web container: its own storage object, built from the same settings.
    other = storages.create_storage(settings.STORAGES["default"])
    assert other is not storages["default"]
    with other.open(image.file.name, "rb") as file:
        assert file.read() == original_bytes
    assert other.exists(rendition.file.name)
    assert other.url(rendition.file.name) == rendition.url


@pytest.mark.django_db
def test_two_containers_uploading_the_same_name_keep_both_files(s3_media, settings):
    storage = storages["default"]
    first = storage.save("documents/price-list.txt", ContentFile(b"first"))
    other = storages.create_storage(settings.STORAGES["default"])
    second = other.save("documents/price-list.txt", ContentFile(b"second"))

    assert first != second
    assert {first, second} <= object_keys(s3_media)
    assert storage.open(first).read() == b"first"
