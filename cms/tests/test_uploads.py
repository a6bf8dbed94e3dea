"""What editors may upload: real raster images within the limits; documents of safe types, served as downloads.

Each refused upload must say why in the admin and leave nothing behind: no
Image or Document row and no file under MEDIA_ROOT (a per-test folder, see the
root conftest.py).
"""

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from cms.tests.processes import clean_environment, manage
from cms.tests.test_environment import GOOD_KEY, only_line, read_settings
from resources.tests.builders import make_article, make_site

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
    b'<script>alert(document.cookie)</script><rect width="40" height="40"/></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)
SUPPORTED = "Supported formats: AVIF, GIF, JPG, JPEG, PNG, WEBP."


def picture(image_format: str, size=(40, 30), noise=False) -> bytes:
    if noise:
        image = PillowImage.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = PillowImage.new("RGB", size, (31, 95, 107))
    out = io.BytesIO()
    image.save(out, image_format)
    return out.getvalue()


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.fixture
def editor(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "correct-horse-battery")
    assert client.login(username="editor", password="correct-horse-battery")
    return client


def upload_image(client, view: str, name: str, content: bytes) -> tuple[bool, str]:
    """Upload through the single (``add``) or the multiple (``add_multiple``) upload view.

    Returns whether the admin accepted it and the text it showed.
    """
    file = SimpleUploadedFile(name, content)
    if view == "add":
        response = client.post(reverse("wagtailimages:add"), {"title": name, "file": file})
        if response.status_code == 302:
            return True, ""
        assert response.status_code == 200
        return False, response.content.decode()
    response = client.post(reverse("wagtailimages:add_multiple"), {"files[]": file})
    assert response.status_code == 200
    data = response.json()
    return data["success"], data.get("error_message", "")


VIEWS = ["add", "add_multiple"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(("name", "image_format"), [("photo.png", "PNG"), ("photo.jpg", "JPEG")])
def test_a_real_png_or_jpeg_is_accepted_and_stored(editor, view, name, image_format):
    accepted, message = upload_image(editor, view, name, picture(image_format))

    assert accepted, message
    image = Image.objects.get()
    assert (image.width, image.height) == (40, 30)
    assert Path(image.file.path).is_file()
    assert stored_files() == [Path(image.file.path)]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        pytest.param("logo.svg", SVG, f"Not a supported image format. {SUPPORTED}", id="svg"),
        pytest.param(
            "logo.png",
            SVG,
            "Not a valid .png image. The extension does not match the file format (svg)",
            id="svg-named-png",
        ),
        pytest.param("photo.jpg", HTML, "Not a valid .jpeg image.", id="html-named-jpg"),
        pytest.param("photo.gif", picture("PNG"), "Not a valid .gif image.", id="png-named-gif"),
    ],
)
def test_files_that_are_not_the_image_they_claim_are_refused_with_a_reason(editor, view, name, content, error):
    accepted, message = upload_image(editor, view, name, content)

    assert not accepted
    assert error in message
    assert Image.objects.count() == 0
    assert stored_files() == []


@pytest.mark.parametrize("view", VIEWS)
def test_an_image_over_the_size_limit_is_refused_with_the_limit(editor, settings, view):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 4 * 1024
    content = picture("PNG", size=(64, 64), noise=True)
    assert len(content) > 4 * 1024

    accepted, message = upload_image(editor, view, "big.png", content)

    assert not accepted
    assert "This file is too big" in message
    assert "Maximum filesize 4.0\xa0KB." in message
    assert Image.objects.count() == 0
    assert stored_files() == []


@pytest.mark.parametrize("view", VIEWS)
def test_an_image_over_the_pixel_limit_is_refused(editor, settings, view):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100

    accepted, message = upload_image(editor, view, "wide.png", picture("PNG", size=(200, 100)))

    assert not accepted
    assert "This file has too many pixels (20000). Maximum pixels 10000." in message
    assert Image.objects.count() == 0
    assert stored_files() == []


def test_a_small_file_that_decodes_to_over_50_million_pixels_is_refused(editor):
    bomb = io.BytesIO()
    PillowImage.new("1", (8000, 7000)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 100 * 1024

    accepted, message = upload_image(editor, "add", "bomb.png", bomb.getvalue())

    assert not accepted
    assert "This file has too many pixels (56000000). Maximum pixels 50000000." in message
    assert Image.objects.count() == 0


def test_the_upload_form_tells_editors_the_formats_and_the_10_mb_default(editor):
    html = editor.get(reverse("wagtailimages:add")).content.decode()

    assert f"{SUPPORTED} Maximum filesize: 10.0\xa0MB." in html
    assert "SVG" not in html


def test_image_max_upload_mb_sets_the_limit():
    assert read_settings(["WAGTAILIMAGES_MAX_UPLOAD_SIZE"], SECRET_KEY=GOOD_KEY, IMAGE_MAX_UPLOAD_MB="3") == {
        "WAGTAILIMAGES_MAX_UPLOAD_SIZE": 3 * 1024 * 1024
    }


@pytest.mark.parametrize("value", ["0", "ten", "2.5"])
def test_a_malformed_image_max_upload_mb_stops_start_up(value):
    result = manage("check", env=clean_environment(SECRET_KEY=GOOD_KEY, IMAGE_MAX_UPLOAD_MB=value))

    assert result.returncode != 0
    assert only_line(result.stderr).startswith("Configuration error: IMAGE_MAX_UPLOAD_MB ")


# --- Documents -------------------------------------------------------------------------------


def upload_document(client, name: str, content: bytes):
    return client.post(reverse("wagtaildocs:add"), {"title": name, "file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content"),
    [("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 60), ("page.html", HTML), ("logo.svg", SVG)],
    ids=["exe", "html", "svg"],
)
def test_documents_of_unsafe_types_are_refused_with_the_allowed_list(editor, name, content):
    response = upload_document(editor, name, content)

    assert response.status_code == 200
    html = response.content.decode()
    extension = name.rsplit(".", 1)[1]
    assert f"File extension “{extension}” is not allowed." in html
    assert "Allowed extensions are: csv, docx, odt, pdf, pptx, rtf, txt, xlsx." in html
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_a_decompression_bomb_uploaded_as_a_document_is_refused_by_its_type(editor):
    response = upload_document(editor, "bomb.png", png_bomb())

    assert response.status_code == 200
    assert "File extension “png” is not allowed." in response.content.decode()
    assert Document.objects.count() == 0


def test_an_uploaded_pdf_is_served_as_a_download_that_browsers_must_not_sniff(editor, client):
    response = upload_document(editor, "Aftercare guide.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    client.logout()

    served = client.get(document.url)

    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment; filename=")
    assert document.filename in served["Content-Disposition"]
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(served.streaming_content) == PDF


def test_documents_are_not_reachable_under_media_where_images_are(client):
    document = Document.objects.create(title="Guide", file=ContentFile(PDF, name="guide.pdf"))
    image = Image.objects.create(title="Photo", file=ContentFile(picture("PNG"), name="photo.png"))
    assert document.file.name.startswith("documents/")

    assert client.get(f"/media/{image.file.name}").status_code == 200
    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert client.get(f"/media/images/../{document.file.name}").status_code == 404


def png_bomb(width=30_000, height=30_000) -> bytes:
    """A valid black-and-white PNG of width × height pixels: about 109 KB at 30000 × 30000.

    Written chunk by chunk: Pillow takes seconds to encode it, and the test needs only the bytes.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    blank_row = bytes(1 + width // 8)  # filter byte, then one bit per pixel
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(blank_row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.parametrize("view", VIEWS)
def test_a_decompression_bomb_is_refused_like_any_image_over_the_pixel_limit(editor, view):
    bomb = png_bomb()
    assert len(bomb) < 110 * 1024

    accepted, message = upload_image(editor, view, "bomb.png", bomb)

    assert not accepted
    assert "This file has too many pixels (unknown number). Maximum pixels 50000000." in message
    assert Image.objects.count() == 0
    assert stored_files() == []


def test_an_image_stored_before_the_pixel_limit_is_left_out_of_pages_rather_than_decoded(client):
    """12000 × 12000 pixels: under Pillow's refusal, so stored by an older upload or import, but a
    rendition would decode 144 million pixels per size on a page view."""
    with pytest.warns(PillowImage.DecompressionBombWarning):
        huge = Image.objects.create(title="Huge", file=ContentFile(png_bomb(12_000, 12_000), name="huge.png"))
    _site, _home, hub = make_site()
    article = make_article(hub, "Aftercare at home", image=huge)

    for page in (article, hub):
        response = client.get(page.url)

        assert response.status_code == 200
        assert "/media/images/" not in response.content.decode()
    assert huge.renditions.count() == 0
