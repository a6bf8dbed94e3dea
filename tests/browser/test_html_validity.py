"""The HTML the demo's public pages are served with is valid: the Nu Html Checker (vnu.jar, from the npm
package vnu-jar pinned in tests/browser/vnu/, installed by ``make vnu``) finds no error on any kind of
page of either site. Warnings are allowed; every message is printed when the test fails.

The pages are fetched with Django's test client, through every middleware (page cache included), as a
browser gets them; vnu runs once over all of them, on Java (Debian's default-jre-headless).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from wagtail.models import Site

from resources.models import ArticlePage

from .demo_pages import PAGES

pytestmark = pytest.mark.browser

VNU_JAR = Path(__file__).parent / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HARBORLIGHT, GARDEN_STATE = "localhost:8000", "nj.localhost:8000"


def nu_html_checker(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail("The Nu Html Checker needs Java and vnu.jar: run `make vnu` (apt default-jre-headless, npm ci).")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout)["messages"]


def describe(message: dict) -> str:
    where = f"{Path(message.get('url', '')).name}:{message.get('lastLine', '?')}"
    kind = "/".join(filter(None, [message["type"], message.get("subType")]))
    extract = " ".join(message.get("extract", "").split())
    return f"{where} {kind}: {message['message']}" + (f"  «{extract}»" if extract else "")


def test_every_kind_of_page_of_both_sites_is_valid_html(demo_site, tmp_path):
    garden_state = Site.objects.get(hostname="nj.localhost")
    garden_state_article = ArticlePage.objects.live().descendant_of(garden_state.root_page).first()
    pages = {(HARBORLIGHT, name): spec for name, spec in PAGES.items()}
    # The second site too: its own settings, navigation and articles.
    pages[(GARDEN_STATE, "home")] = ("/", 200)
    pages[(GARDEN_STATE, "article")] = (garden_state_article.relative_url(garden_state), 200)

    files = []
    for (host, name), (path, status) in pages.items():
        response = Client().get(path, headers={"host": host})
        assert (response.status_code, response["Content-Type"]) == (status, "text/html; charset=utf-8"), path
        file = tmp_path / f"{host.split('.')[0].split(':')[0]}-{name.replace(' ', '-')}.html"
        file.write_bytes(response.content)
        files.append(file)

    messages = nu_html_checker(files)

    errors = [message for message in messages if message["type"] in ("error", "non-document-error")]
    assert errors == [], "The Nu Html Checker found errors:\n  " + "\n  ".join(map(describe, messages))
