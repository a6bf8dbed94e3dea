"""Render a published page, and the pages that list it, once in the worker.

Rendering makes every image rendition the page shows (each size and format of its hero, cards, body
images and share image), which otherwise the first visitor would wait for, one image at a time; the
page cache also keeps the rendered page. The request goes through the whole project (middleware,
site lookup, page cache) as a visitor's would, on the site's own host name.
"""

import io
import logging

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from wagtail.models import Page

logger = logging.getLogger(__name__)


def render_page_and_its_listings(page_id: int) -> list[tuple[str, int]]:
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:  # unpublished or made private since
        return []
    listings = page.get_ancestors().live().public().filter(depth__gt=1)
    handler = WSGIHandler()
    rendered = []
    for each in [page, *listings]:
        url_parts = each.get_url_parts()
        if url_parts is None:
            continue
        _site_id, root_url, path = url_parts
        status = render(handler, root_url, path)
        rendered.append((root_url + path, status))
        if status != 200:
            logger.warning("Rendering %s%s for its images answered %d", root_url, path, status)
    return rendered


def render(handler, root_url: str, path: str) -> int:
    scheme, _, host = root_url.partition("://")
    server_name, _, port = host.partition(":")
    scheme = "https" if settings.SECURE_SSL_REDIRECT else scheme
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": server_name,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    # get_response, not the WSGI call: that would also send request_started and request_finished, which
    # close the worker's database connection in the middle of its task.
    response = handler.get_response(WSGIRequest(environ))
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    return response.status_code
