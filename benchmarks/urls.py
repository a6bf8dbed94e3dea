"""The site's URLs plus ``/__baseline__/``, the benchmark's yardstick (benchmarks/settings.py only)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from cms import urls as site_urls

# A tiny, fixed HTML document: no template, no SQL, no cache. What it costs is gunicorn, the
# project's whole middleware stack and URL routing, the floor every page stands on.
BASELINE_BODY = (
    b"<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>Baseline</title></head>"
    b"<body><p>Baseline: a plain HttpResponse for the benchmark.</p></body></html>\n"
)


@require_GET
def baseline(request):
    return HttpResponse(BASELINE_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("__baseline__/", baseline, name="benchmark_baseline"), *site_urls.urlpatterns]

# Keep any custom error views the site declares.
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site_urls, _name):
        globals()[_name] = getattr(site_urls, _name)
