"""Small builders for hub and article trees in tests."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage
from resources.models import ArticlePage, ArticlePageTag, Person, ResourceCategory, ResourcesIndexPage


def make_image(title="Test image", size=(1600, 900), colour=(31, 95, 107)) -> Image:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, "JPEG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title.replace(' ', '-')}.jpg"))


def make_site(hostname="localhost", port=80, title="Home", default=True) -> tuple[Site, HomePage, ResourcesIndexPage]:
    root = Page.get_first_root_node()
    home = HomePage(title=title, slug=f"home-{hostname.replace('.', '-')}")
    root.add_child(instance=home)
    home.save_revision().publish()
    # Replace Wagtail's placeholder site (localhost:80, the "Welcome" page).
    placeholders = Site.objects.filter(hostname=hostname, port=port)
    if default:
        placeholders |= Site.objects.filter(is_default_site=True)
    placeholders.delete()
    site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=default, site_name=title)
    hub = ResourcesIndexPage(title="Resources", slug="resources", introduction="Guides from our clinicians.")
    home.add_child(instance=hub)
    hub.save_revision().publish()
    return site, home, hub


def paragraph(text: str) -> tuple[str, str]:
    return ("paragraph", f"<p>{text}</p>")


def make_article(
    hub,
    title,
    *,
    body=None,
    category=None,
    tags=(),
    author=None,
    published=None,
    live=True,
    image=None,
    **fields,
) -> ArticlePage:
    article = ArticlePage(
        title=title,
        summary=fields.pop("summary", f"A short summary of {title}."),
        body=body if body is not None else [paragraph(f"Body text of {title}.")],
        category=category,
        author=author,
        featured_image=image,
        live=False,
        **fields,
    )
    hub.add_child(instance=article)
    article.tags.set(list(tags))
    revision = article.save_revision()
    if live:
        revision.publish()
        when = published or timezone.now()
        ArticlePage.objects.filter(pk=article.pk).update(first_published_at=when, last_published_at=when)
        article.refresh_from_db()
    return article


def default_site() -> Site:
    """The site that people, categories and saved calls to action of a test belong to unless it says."""
    return Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()


def make_person(name="Dr. Maya Okafor", role="Physician", *, site=None, **fields) -> Person:
    return Person.objects.create(site=site or default_site(), name=name, role=role, **fields)


def make_category(name="Treatment basics", order=0, *, site=None) -> ResourceCategory:
    return ResourceCategory.objects.create(
        site=site or default_site(), name=name, slug=slugify(name), sort_order=order
    )


def article_form(title: str, **extra) -> dict:
    """The article editor's fields as the admin posts them, with ``extra`` fields added or replaced."""
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "summary": "What to do the evening before a session.",
            "body": streamfield([("paragraph", rich_text("<p>Eat lightly and rest.</p>"))]),
            "tags": "",
            "show_table_of_contents": "on",
            **extra,
        }
    )


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def make_articles_in_bulk(hub, count, *, categories, people, images, tags, start=0) -> None:
    """``count`` live articles without revisions, about six times faster than ``make_article``.

    For tests that need a big library (query counts, sizes). Each article is saved
    once, so it is indexed for search as usual; it has a category, an author, a
    reviewer, a featured image and three tags, taken in turn from the lists given,
    and one is published every hour going back from now.
    """
    now = timezone.now()
    tagged = []
    for n in range(start, start + count):
        when = now - datetime.timedelta(hours=n)
        article = ArticlePage(
            title=f"Ketamine therapy notes {n}",
            slug=f"ketamine-therapy-notes-{n}",
            summary=f"What article {n} of the library says about ketamine therapy at home.",
            body=[
                ("heading", {"text": f"Section {n}", "level": "h2", "anchor": ""}),
                paragraph(f"Ketamine therapy notes, part {n}: a short paragraph of body text."),
            ],
            category=categories[n % len(categories)],
            author=people[n % len(people)],
            medical_reviewer=people[(n + 1) % len(people)],
            last_reviewed=when.date(),
            featured_image=images[n % len(images)],
            live=True,
            has_unpublished_changes=False,
            first_published_at=when,
            last_published_at=when,
        )
        hub.add_child(instance=article)
        tagged += [ArticlePageTag(content_object=article, tag=tags[(n + k) % len(tags)]) for k in range(3)]
    ArticlePageTag.objects.bulk_create(tagged)
