"""manage.py import_articles: Markdown and HTML files into a Resources hub, and the demo articles."""

import datetime
import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from PIL import Image as PillowImage
from taggit.models import Tag
from wagtail.images.models import Image
from wagtail.models import Revision

from resources.importing import html_to_blocks, markdown_to_blocks
from resources.models import ArticlePage, Person, ResourceCategory

from .builders import make_site

BODY = """\
# A first-aid kit for sleep

Good sleep starts with **small habits** and *patience*.

## Before bed

- Dim the lights an hour before bed, as [our guide](https://example.org/sleep-guide) explains.
- Keep the phone out of the bedroom; see [the checklist](/resources/checklist/).
  - Use a paper alarm clock.

### If you wake at night

1. Get up after twenty minutes.
2. Read something calm.

> Rest came back slowly, then all at once.
> — A patient in Tampa

#### A deeper heading

Last words.
"""


@pytest.fixture
def hub(db):
    _site, _home, hub = make_site()
    return hub


def make_jpeg(path: Path, colour=(31, 95, 107)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    PillowImage.new("RGB", (320, 180), colour).save(path, "JPEG")
    return path


def write_article(folder: Path, name="sleep.md", body=BODY, **meta) -> Path:
    front = {
        "title": "Sleeping better during treatment",
        "summary": "Simple habits that help sleep while you are in treatment.",
        "category": "Living well",
        "author": "Dr. Ada Quill",
        "author_role": "Physician",
        "reviewer": "Dr. Ben Harrow",
        "reviewer_role": "Board-certified psychiatrist",
        "date": datetime.date(2025, 3, 14),
        "last_reviewed": datetime.date(2026, 2, 1),
        "tags": ["sleep", "habits"],
        "image": "images/night.jpg",
        "image_alt": "A dark blue night sky.",
    }
    front.update(meta)
    front = {key: value for key, value in front.items() if value is not None}
    if front.get("image") == "images/night.jpg":
        make_jpeg(folder / "images" / "night.jpg")
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{yaml.safe_dump(front, sort_keys=False, allow_unicode=True)}---\n\n{body}")
    return path


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args) -> tuple[str, str, CommandError]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), raised.value


def counts() -> dict:
    return {
        "pages": ArticlePage.objects.count(),
        "revisions": Revision.objects.count(),
        "images": Image.objects.count(),
        "people": Person.objects.count(),
        "categories": ResourceCategory.objects.count(),
        "tags": Tag.objects.count(),
    }


# --- Conversion -------------------------------------------------------------------------------


def test_markdown_becomes_heading_paragraph_and_quote_blocks():
    warnings = []
    blocks = markdown_to_blocks(BODY, title="A first-aid kit for sleep", warnings=warnings)

    assert [block["type"] for block in blocks] == [
        "paragraph",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
        "quote",
        "heading",
        "paragraph",
    ]
    # The leading "# title" repeating the title is dropped; ## is H2, ### and deeper are H3.
    headings = [block["value"] for block in blocks if block["type"] == "heading"]
    assert headings == [
        {"text": "Before bed", "level": "h2", "anchor": ""},
        {"text": "If you wake at night", "level": "h3", "anchor": ""},
        {"text": "A deeper heading", "level": "h3", "anchor": ""},
    ]
    assert blocks[0]["value"] == "<p>Good sleep starts with <b>small habits</b> and <i>patience</i>.</p>"
    assert blocks[2]["value"] == (
        "<ul><li>Dim the lights an hour before bed, as "
        '<a href="https://example.org/sleep-guide">our guide</a> explains.</li>'
        '<li>Keep the phone out of the bedroom; see <a href="/resources/checklist/">the checklist</a>.'
        "<ul><li>Use a paper alarm clock.</li></ul></li></ul>"
    )
    assert blocks[4]["value"] == "<ol><li>Get up after twenty minutes.</li><li>Read something calm.</li></ol>"
    assert blocks[5]["value"] == {
        "quote": "Rest came back slowly, then all at once.",
        "attribution": "A patient in Tampa",
    }
    assert warnings == []


def test_markdown_h1_in_the_body_is_a_section_and_unsafe_markup_is_dropped():
    warnings = []
    blocks = markdown_to_blocks(
        "# Overview\n\nSee [this](javascript:alert(1)), <script>alert(1)</script> and [that](notes.md).\n",
        title="Something else",
        warnings=warnings,
    )
    assert blocks[0]["value"] == {"text": "Overview", "level": "h2", "anchor": ""}
    html = blocks[1]["value"]
    assert "<a " not in html  # neither the javascript: link nor the relative one survives as a link
    assert "<script" not in html
    assert "&lt;script&gt;" in html  # raw HTML in Markdown is shown as text
    assert any("notes.md" in warning for warning in warnings)


def test_html_is_split_at_h2_and_h3_into_headings_and_sanitised_rich_text():
    blocks = html_to_blocks(
        "<div><p>Intro <strong>bold</strong> <span style='color:red'>plain</span>"
        " <a href='https://example.org' onclick='x()'>link</a></p>"
        "<h2>Section</h2><ul><li>one</li><li>two</li></ul><script>bad()</script>"
        "<h3>Sub</h3><p><em>quiet</em> <a href='javascript:bad()'>no link</a></p>"
        "<h4>Deeper</h4><section><p>Inside a section.</p></section></div>"
    )
    assert blocks == [
        {"type": "paragraph", "value": '<p>Intro <b>bold</b> plain <a href="https://example.org">link</a></p>'},
        {"type": "heading", "value": {"text": "Section", "level": "h2", "anchor": ""}},
        {"type": "paragraph", "value": "<ul><li>one</li><li>two</li></ul>"},
        {"type": "heading", "value": {"text": "Sub", "level": "h3", "anchor": ""}},
        {"type": "paragraph", "value": "<p><i>quiet</i> no link</p>"},
        {"type": "heading", "value": {"text": "Deeper", "level": "h3", "anchor": ""}},
        {"type": "paragraph", "value": "<p>Inside a section.</p>"},
    ]


# --- Importing --------------------------------------------------------------------------------


def test_a_new_article_is_imported_as_a_draft_with_its_details(hub, tmp_path):
    path = write_article(tmp_path)

    out, err = run(path, "--hub", "/resources/")

    assert err == ""
    assert f"new: {path} → /resources/sleeping-better-during-treatment/ (draft)" in out
    assert out.strip().endswith("Imported 1 new, updated 0, unchanged 0, failed 0.")
    article = ArticlePage.objects.child_of(hub).get(slug="sleeping-better-during-treatment")
    assert not article.live
    assert article.has_unpublished_changes
    assert article.first_published_at is None
    draft = article.get_latest_revision_as_object()
    assert draft.title == "Sleeping better during treatment"
    assert draft.summary == "Simple habits that help sleep while you are in treatment."
    assert draft.category.name == "Living well"
    assert draft.category.slug == "living-well"
    assert (draft.author.name, draft.author.role) == ("Dr. Ada Quill", "Physician")
    assert (draft.medical_reviewer.name, draft.medical_reviewer.role) == (
        "Dr. Ben Harrow",
        "Board-certified psychiatrist",
    )
    assert draft.last_reviewed == datetime.date(2026, 2, 1)
    assert sorted(tag.name for tag in draft.tags.all()) == ["habits", "sleep"]
    assert draft.featured_image.title == "A dark blue night sky."
    assert draft.featured_image_alt == "A dark blue night sky."
    assert draft.featured_image.file_hash
    assert draft.featured_image.collection.name == draft.get_site().site_name  # the site team's own
    # The body's "# A first-aid kit…" is not the front matter's title, so it stays, as a section.
    assert [(block.block_type, block.value.get("level")) for block in draft.body if block.block_type == "heading"] == [
        ("heading", "h2"),
        ("heading", "h2"),
        ("heading", "h3"),
        ("heading", "h3"),
    ]
    assert draft.body[3].block_type == "paragraph"
    assert draft.body[3].value.source.startswith("<ul><li>")


def test_publish_makes_the_article_live_dated_from_the_front_matter(hub, tmp_path):
    path = write_article(tmp_path)

    out, _err = run(path, "--hub", "/resources/", "--publish")

    assert "(live)" in out
    article = ArticlePage.objects.get(slug="sleeping-better-during-treatment")
    assert article.live
    assert not article.has_unpublished_changes
    assert article in hub.articles()
    assert timezone.localtime(article.first_published_at).date() == datetime.date(2025, 3, 14)
    assert article.last_published_at == article.first_published_at


def test_importing_the_same_files_again_changes_nothing(hub, tmp_path):
    write_article(tmp_path, "one.md")
    write_article(tmp_path, "two.md", title="Eating well", tags=["food", "sleep"])
    run(tmp_path, "--hub", "/resources/", "--publish")
    before = counts()
    assert before["pages"] == 2
    assert before["images"] == 1  # both articles use the same picture

    out, err = run(tmp_path, "--hub", "/resources/", "--publish")

    assert err == ""
    assert counts() == before
    assert f"unchanged: {tmp_path / 'one.md'}" in out
    assert "Imported 0 new, updated 0, unchanged 2, failed 0." in out
    out, _err = run(tmp_path, "--hub", "/resources/")  # a draft run over live articles changes nothing either
    assert counts() == before
    assert "unchanged 2" in out


def test_an_edited_file_updates_the_article(hub, tmp_path):
    path = write_article(tmp_path)
    run(path, "--hub", "/resources/", "--publish")
    article = ArticlePage.objects.get(slug="sleeping-better-during-treatment")
    first_published = article.first_published_at
    revisions = article.revisions.count()

    write_article(
        tmp_path,
        title="Sleeping better during treatment",
        summary="A new summary.",
        tags=["sleep", "rest"],
        body="## Tonight\n\nOne change at a time.\n",
    )
    out, _err = run(path, "--hub", "/resources/", "--publish")

    assert "Imported 0 new, updated 1, unchanged 0, failed 0." in out
    article.refresh_from_db()
    assert article.revisions.count() == revisions + 1
    assert article.summary == "A new summary."
    assert sorted(tag.name for tag in article.tags.all()) == ["rest", "sleep"]
    assert [block.block_type for block in article.body] == ["heading", "paragraph"]
    assert article.body[0].value["text"] == "Tonight"
    assert article.first_published_at == first_published


def test_a_draft_import_leaves_the_live_version_alone(hub, tmp_path):
    path = write_article(tmp_path)
    run(path, "--hub", "/resources/", "--publish")

    write_article(tmp_path, summary="Changed in the file.")
    out, _err = run(path, "--hub", "/resources/")

    assert "(live, with draft changes)" in out
    article = ArticlePage.objects.get(slug="sleeping-better-during-treatment")
    assert article.summary == "Simple habits that help sleep while you are in treatment."
    assert article.get_latest_revision_as_object().summary == "Changed in the file."

    out, _err = run(path, "--hub", "/resources/", "--publish")  # publishing the same text publishes the draft
    assert "updated 1" in out
    article.refresh_from_db()
    assert article.summary == "Changed in the file."
    assert not article.has_unpublished_changes


def test_bad_files_are_reported_and_the_good_ones_still_import(hub, tmp_path):
    folder = tmp_path / "articles"
    write_article(folder, "good.md")
    (folder / "no-title.md").write_text("---\nsummary: Nothing else.\n---\n\nBody.\n")
    (folder / "broken-yaml.md").write_text("---\ntitle: [unclosed\nsummary: x\n---\n\nBody.\n")
    write_article(
        folder,
        "missing-image.md",
        title="Missing image",
        category="A category nobody else uses",
        author="Dr. Nobody Else",
        image="images/absent.jpg",
    )
    (folder / "images" / "fake.jpg").write_text("this is not a picture")
    write_article(folder, "not-an-image.md", title="Not an image", author="Dr. Also Nobody", image="images/fake.jpg")
    (folder / "latin-1.md").write_bytes("---\ntitle: Caf\xe9\nsummary: x\n---\n\nBody.\n".encode("latin-1"))

    out, err, error = run_failing(folder, "--hub", "/resources/")

    assert f"FAILED {folder / 'no-title.md'}: no title" in err
    assert f"FAILED {folder / 'broken-yaml.md'}: broken front matter" in err
    assert f"FAILED {folder / 'missing-image.md'}: image “{folder / 'images' / 'absent.jpg'}” not found" in err
    assert f"FAILED {folder / 'not-an-image.md'}: " in err
    assert "is not an image" in err
    assert f"FAILED {folder / 'latin-1.md'}: unknown encoding" in err
    assert "Imported 1 new, updated 0, unchanged 0, failed 5." in out
    assert "5 of 6 files could not be imported" in str(error)
    # The good file is in; nothing of the bad ones was saved.
    assert list(ArticlePage.objects.values_list("title", flat=True)) == ["Sleeping better during treatment"]
    assert not ResourceCategory.objects.filter(name="A category nobody else uses").exists()
    assert not Person.objects.filter(name__in=["Dr. Nobody Else", "Dr. Also Nobody"]).exists()
    assert Image.objects.count() == 1


def test_a_failure_after_the_image_was_stored_leaves_no_image_behind(hub, tmp_path):
    make_jpeg(tmp_path / "images" / "other.jpg", colour=(200, 180, 140))
    # An invalid slug is only found when the page is validated, after its image was stored.
    path = write_article(tmp_path, image="images/other.jpg", slug="not a slug!")

    _out, err, _error = run_failing(path, "--hub", "/resources/")

    assert "slug: Enter a valid “slug”" in err
    assert not Image.objects.exists()
    assert not list((Path(django_settings.MEDIA_ROOT) / "original_images").glob("*"))


def test_a_new_person_needs_a_role(hub, tmp_path):
    path = write_article(tmp_path, author_role=None)

    _out, err, _error = run_failing(path, "--hub", "/resources/")

    assert "author “Dr. Ada Quill” is not in People yet: add “author_role”" in err


def test_html_files_are_imported(hub, tmp_path):
    path = tmp_path / "plain.html"
    path.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Travel and treatment</title>"
        "<meta name='description' content='Planning trips around your sessions.'></head>"
        "<body><nav><a href='/'>Home</a></nav><h1>Travel and treatment</h1>"
        "<p>Plan <strong>ahead</strong>.</p><h2>Before you go</h2><p>Tell your care team.</p>"
        "<h3>Medicines</h3><ul><li>Carry them in hand luggage.</li></ul></body></html>"
    )

    out, _err = run(path, "--hub", "/resources/", "--publish")

    assert "Imported 1 new" in out
    article = ArticlePage.objects.get(slug="travel-and-treatment")
    assert article.live
    assert article.title == "Travel and treatment"
    assert article.summary == "Planning trips around your sessions."
    assert [(block.block_type, block.value) for block in article.body if block.block_type == "heading"] == [
        ("heading", {"text": "Before you go", "level": "h2", "anchor": ""}),
        ("heading", {"text": "Medicines", "level": "h3", "anchor": ""}),
    ]
    assert article.body[0].value.source == "<p>Plan <b>ahead</b>.</p>"
    assert article.body[-1].value.source == "<ul><li>Carry them in hand luggage.</li></ul>"


def test_html_without_description_uses_the_first_paragraph_and_h1_as_title(hub, tmp_path):
    path = tmp_path / "bare.html"
    path.write_text("<h1>Walking after a session</h1><p>Short walks help some people.</p>")

    run(path, "--hub", "/resources/")

    article = ArticlePage.objects.get(slug="walking-after-a-session").get_latest_revision_as_object()
    assert article.title == "Walking after a session"
    assert article.summary == "Short walks help some people."


def test_unknown_hub_site_or_path_is_a_clear_error(hub, tmp_path):
    path = write_article(tmp_path)

    _out, _err, error = run_failing(path, "--hub", "/articles/")
    assert "There is no page at “/articles/”" in str(error)
    assert "resources hubs there: /resources/" in str(error)

    _out, _err, error = run_failing(path, "--hub", "/", "--site", "localhost")
    assert "There is no page at “/”" in str(error)

    _out, _err, error = run_failing(path, "--hub", "/resources/", "--site", "nowhere.example")
    assert "There is no site with hostname “nowhere.example”" in str(error)

    (tmp_path / "empty").mkdir()
    _out, _err, error = run_failing(tmp_path / "empty", "--hub", "/resources/")
    assert "No .md, .markdown or .html files" in str(error)
    assert not ArticlePage.objects.exists()


def test_the_site_option_picks_the_hub_of_that_site(hub, tmp_path):
    _site, _home, other_hub = make_site(hostname="nj.localhost", title="New Jersey", default=False)
    path = write_article(tmp_path)

    run(path, "--hub", "/resources/", "--site", "nj.localhost")

    assert ArticlePage.objects.child_of(other_hub).count() == 1
    assert ArticlePage.objects.child_of(hub).count() == 0


# --- Demo content ----------------------------------------------------------------------------


def test_html_in_a_declared_legacy_encoding_is_read_in_that_encoding(hub, tmp_path):
    path = tmp_path / "legacy.html"
    path.write_bytes(
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9 visits</title></head>'
        "<body><p>Meeting friends at a caf\xe9 after a session can wait until the next day.</p></body></html>".encode(
            "latin-1"
        )
    )

    run(path, "--hub", "/resources/")

    article = ArticlePage.objects.get(slug="cafe-visits").get_latest_revision_as_object()
    assert article.title == "Café visits"
    assert article.summary.startswith("Meeting friends at a café")
