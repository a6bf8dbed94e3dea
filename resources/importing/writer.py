"""Writing ``ArticleData`` to a hub: one transaction per file, nothing saved when nothing changed."""

from __future__ import annotations

import copy
import datetime
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from cms.permissions import site_collection
from resources.models import ArticlePage, Person, ResourceCategory, ResourcesIndexPage

from .sources import ArticleData, ArticleImportError, parse_file

NEW, UPDATED, UNCHANGED, FAILED = "new", "updated", "unchanged", "failed"
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def _site_label(site: Site) -> str:
    return f"{site.hostname}:{site.port}"


def find_site(hostname: str | None = None) -> Site:
    sites = Site.objects.order_by("hostname", "port")
    if not hostname:
        site = sites.filter(is_default_site=True).first()
        if site is None:
            known = ", ".join(_site_label(s) for s in sites) or "none"
            raise ArticleImportError(f"There is no default site; choose one with --site (sites: {known}).")
        return site

    host, _, port = hostname.partition(":")
    matches = sites.filter(hostname=host)
    if port:
        matches = matches.filter(port=int(port)) if port.isdigit() else matches.none()
    found = list(matches)
    if len(found) == 1:
        return found[0]
    known = ", ".join(_site_label(s) for s in sites) or "none"
    if not found:
        raise ArticleImportError(f"There is no site with hostname “{hostname}” (sites: {known}).")
    raise ArticleImportError(f"Several sites answer on “{hostname}”; give HOSTNAME:PORT (sites: {known}).")


def hub_path(hub: Page, site: Site) -> str:
    """The hub's path relative to its site's root, e.g. /resources/."""
    return "/" + hub.url_path[len(site.root_page.url_path) :]


def find_hub(path: str, hostname: str | None = None) -> ResourcesIndexPage:
    """The Resources hub at ``path`` (relative to the site root, e.g. /resources/) of a site."""
    site = find_site(hostname)
    relative = path.strip().strip("/")
    root = site.root_page
    page = Page.objects.filter(url_path=f"{root.url_path}{relative}/").first() if relative else None
    if page is None or not isinstance(page.specific, ResourcesIndexPage):
        hubs = ", ".join(hub_path(hub, site) for hub in ResourcesIndexPage.objects.descendant_of(root)) or "none"
        what = "no page" if page is None else f"a {page.specific_class._meta.verbose_name}, not a resources hub,"
        raise ArticleImportError(
            f"There is {what} at “{path}” on site {site.site_name or site.hostname} "
            f"({_site_label(site)}); resources hubs there: {hubs}."
        )
    return page.specific


@dataclass
class FileResult:
    path: Path
    status: str
    page: ArticlePage | None = None
    error: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(result.status == status for result in self.results)

    @property
    def failures(self) -> list[FileResult]:
        return [result for result in self.results if result.status == FAILED]

    def summary(self) -> str:
        return (
            f"Imported {self.count(NEW)} new, updated {self.count(UPDATED)}, "
            f"unchanged {self.count(UNCHANGED)}, failed {self.count(FAILED)}."
        )


def describe_error(error: Exception) -> str:
    if isinstance(error, ArticleImportError):
        return str(error)
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{name}: {' '.join(_validation_messages(errors))}" for name, errors in error.error_dict.items()
            )
        return " ".join(_validation_messages([error]))
    return f"unexpected {type(error).__name__}: {error}"


def _validation_messages(errors) -> list[str]:
    """Messages of Django and Wagtail block validation errors, including nested block errors."""
    messages: list[str] = []

    def collect(data):
        if isinstance(data, dict):
            for key, value in data.items():
                if key == "messages":
                    messages.extend(value)
                else:
                    collect(value)
        elif isinstance(data, list):
            for item in data:
                collect(item)

    for error in errors:
        if hasattr(error, "as_json_data"):
            collect(error.as_json_data())
        else:
            messages.extend(error.messages)
    return messages or ["invalid"]


def _published_at(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 0)))


def _sha1(data: bytes) -> str:
    # The same digest Wagtail keeps in Image.file_hash (wagtail.utils.file.hash_filelike).
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


class ArticleImporter:
    """Creates or updates articles under one hub, by slug, saving only what changed."""

    def __init__(self, hub: ResourcesIndexPage, *, publish: bool = False):
        self.hub = hub
        self.publish = publish
        self.body_field = ArticlePage._meta.get_field("body")
        self._new_files: list[str] = []

    @cached_property
    def site(self):
        """The hub's site, whose people and categories the articles are credited with."""
        site = self.hub.get_site()
        if site is None:
            raise ArticleImportError(f"the hub “{self.hub.title}” is in no site: add a site for it first")
        return site

    @cached_property
    def collection(self) -> Collection:
        """The hub's site's collection, where its team finds the images (``cms.permissions``)."""
        return site_collection(self.site)

    def import_files(self, paths: Iterable[Path]) -> Iterator[FileResult]:
        for path in paths:
            yield self.import_file(path)

    def import_all(self, paths: Iterable[Path]) -> ImportReport:
        return ImportReport(list(self.import_files(paths)))

    def import_file(self, path: Path) -> FileResult:
        warnings: list[str] = []
        self._new_files = []
        try:
            data = parse_file(path)
            warnings = data.warnings
            with transaction.atomic():
                status, page = self.save_article(data)
        except Exception as error:  # one bad file must not stop the others
            self._discard_new_files()
            return FileResult(path, FAILED, error=describe_error(error), warnings=warnings)
        return FileResult(path, status, page=ArticlePage.objects.get(pk=page.pk), warnings=warnings)

    def save_article(self, data: ArticleData) -> tuple[str, ArticlePage]:
        # Fresh each time: a rolled-back file must not leave a stale child count behind.
        self.hub = ResourcesIndexPage.objects.get(pk=self.hub.pk)
        image = self.image(data.image, data.image_alt) if data.image else None
        fields = {
            "title": data.title,
            "summary": data.summary,
            "featured_image": image,
            "featured_image_alt": data.image_alt if image else "",
            "category": self.category(data.category),
            "author": self.person(data.author, data.author_role, "author"),
            "medical_reviewer": self.person(data.reviewer, data.reviewer_role, "reviewer"),
            "last_reviewed": data.last_reviewed,
        }
        body = self.body_field.to_python(copy.deepcopy(data.body))

        page = ArticlePage.objects.child_of(self.hub).filter(slug=data.slug).first()
        if page is None:
            page = ArticlePage(slug=data.slug, live=False)
            self._apply(page, fields, body, data.tags)
            self.hub.add_child(instance=page)
            revision = page.save_revision()
            if self.publish:
                self._publish(page, revision, data.date)
            return NEW, page

        current = page.get_latest_revision_as_object()
        wanted = {name: getattr(value, "pk", value) for name, value in fields.items()}
        wanted |= {"body": self._plain_body(body), "tags": sorted(data.tags)}
        if self._snapshot(current) != wanted:
            self._apply(current, fields, body, data.tags)
            revision = current.save_revision()
            if self.publish:
                self._publish(current, revision, data.date)
            return UPDATED, current
        if self.publish and (not page.live or page.has_unpublished_changes):
            self._publish(page, page.latest_revision, data.date)
            return UPDATED, page
        return UNCHANGED, page

    def _plain_body(self, value) -> list[dict]:
        """The body's blocks without their ids, in the form they are stored."""
        return [{"type": b["type"], "value": b["value"]} for b in self.body_field.stream_block.get_prep_value(value)]

    def _snapshot(self, page: ArticlePage) -> dict:
        return {
            "title": page.title,
            "summary": page.summary,
            "featured_image": page.featured_image_id,
            "featured_image_alt": page.featured_image_alt,
            "category": page.category_id,
            "author": page.author_id,
            "medical_reviewer": page.medical_reviewer_id,
            "last_reviewed": page.last_reviewed,
            "body": self._plain_body(page.body),
            "tags": sorted(tag.name for tag in page.tags.all()),
        }

    @staticmethod
    def _apply(page: ArticlePage, fields: dict, body, tags: list[str]) -> None:
        for name, value in fields.items():
            setattr(page, name, value)
        page.body = copy.deepcopy(body)
        page.tags.set(tags)

    @staticmethod
    def _publish(page: ArticlePage, revision, date: datetime.date | None) -> None:
        first_published = None
        if page.first_published_at is None and date:
            # A newly published article keeps the date it was written, not the import's.
            first_published = _published_at(date)
            Page.objects.filter(pk=page.pk).update(first_published_at=first_published)
            page.first_published_at = first_published
        revision.publish()
        if first_published:
            # …and is not shown as "updated" on the day of the import.
            Page.objects.filter(pk=page.pk).update(last_published_at=first_published)

    def category(self, name: str) -> ResourceCategory | None:
        if not name:
            return None
        slug = slugify(name)
        categories = ResourceCategory.objects.filter(site=self.site)
        category = categories.filter(name__iexact=name).first()
        if category is None and slug:
            category = categories.filter(slug=slug).first()
        if category is None:
            category = ResourceCategory(site=self.site, name=name, slug=slug)
            category.full_clean()
            category.save()
        return category

    def person(self, name: str, role: str, what: str) -> Person | None:
        if not name:
            return None
        person = Person.objects.filter(site=self.site, name=name).order_by("pk").first()
        if person is None:
            if not role:
                raise ArticleImportError(f"{what} “{name}” is not in People yet: add “{what}_role” to create them")
            person = Person(site=self.site, name=name, role=role)
            person.full_clean()
            person.save()
        return person

    def image(self, path: Path, alt: str = ""):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ArticleImportError(f"image “{path}” not found") from None
        except OSError as error:
            raise ArticleImportError(f"cannot read image “{path}”: {error.strerror or error}") from None
        try:
            with PILImage.open(io.BytesIO(data)) as picture:
                picture.verify()
                image_format, (width, height) = picture.format, picture.size
        except Exception:
            raise ArticleImportError(f"“{path}” is not an image Pillow can read") from None
        if image_format not in IMAGE_FORMATS:
            raise ArticleImportError(f"image “{path}” is {image_format}; use JPEG, PNG, GIF or WebP")

        image_model = get_image_model()
        digest = _sha1(data)
        root = Collection.get_first_root_node()
        existing = (
            image_model.objects.filter(file_hash=digest, collection__in=[self.collection, root]).order_by("pk").first()
        )
        if existing and existing.collection_id == root.pk:
            # Imported before sites had collections: the site's team could not choose it.
            existing.collection = self.collection
            existing.save(update_fields=["collection"])
        if existing:
            return existing

        title = alt or path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Article image"
        image = image_model(
            title=title[:255],
            collection=self.collection,
            width=width,
            height=height,
            file_size=len(data),
            file_hash=digest,
        )
        name = image.get_upload_to(path.name)
        storage = image.file.storage
        if (
            storage.exists(name)
            and not image_model.objects.filter(file=name).exists()
            and self._stored_hash(storage, name) == digest
        ):
            # The same bytes are already stored (a database rebuilt over old media): reuse them.
            image.file.name = name
        else:
            image.file.save(path.name, ContentFile(data), save=False)
            self._new_files.append(image.file.name)
        image.width, image.height = width, height
        image.save()
        return image

    @staticmethod
    def _stored_hash(storage, name: str) -> str:
        with storage.open(name, "rb") as stored:
            return _sha1(stored.read())

    def _discard_new_files(self) -> None:
        if not self._new_files:
            return
        storage = get_image_model()._meta.get_field("file").storage
        for name in self._new_files:
            storage.delete(name)
        self._new_files = []
