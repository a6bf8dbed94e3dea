import posixpath

from django.conf import settings
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import page_passwords
from seo import views as seo_views

# Wagtail's image folders. Documents are only ever served by Wagtail's document view, which
# checks collection privacy and sends them as downloads (see WAGTAILDOCS_SERVE_METHOD).
PUBLIC_MEDIA_FOLDERS = ("original_images/", "images/")


def serve_media(request, path):
    # Normalised first, as serve() does, so "images/../documents/…" is refused too.
    if not posixpath.normpath(path).startswith(PUBLIC_MEDIA_FOLDERS):
        raise Http404("Not a public media file.")
    # MEDIA_ROOT is read per request, so a changed setting (tests) is honoured.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Uploaded images on the local media volume. A single container needs
    # this; several containers put media on object storage instead.
    re_path(r"^media/(?P<path>.+)$", serve_media),
    path("newsletter/", include("newsletter.urls")),
    path("search/", include("search.urls")),
    path("robots.txt", seo_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", seo_views.sitemap, name="sitemap"),
    # Wagtail's page password form, throttled; before wagtail_urls, which has the same path and name.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's page serving comes last: it matches every remaining path.
    path("", include(wagtail_urls)),
]

# A 503 with Retry-After, from a template that needs no database, when the database is unreachable.
handler500 = "cms.views.server_error"
