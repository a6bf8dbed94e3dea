"""The migrations that give people, categories and saved calls to action a site, on a database of before."""

import json
import subprocess
import sys

from cms.tests.processes import PROJECT_ROOT, clean_environment

# Two sites sharing a person and a category (as every row was shared before), one person no page
# credits, and a saved call to action shown on Garden State's home only; then back to the schema of
# before the migrations, and forward again.
SCRIPT = """
import json
from django.core.management import call_command
call_command("migrate", verbosity=0, skip_checks=True)
from marketing.models import ReusableCallToAction
from resources.models import ArticlePage, Person, ResourceCategory
from resources.tests.builders import make_article, make_category, make_person, make_site
florida, _, fl_hub = make_site(hostname="localhost", title="Harborlight")
jersey, nj_home, nj_hub = make_site(hostname="nj.localhost", title="Garden State", default=False)
shared = make_person("Dr. Shared", site=florida)
make_person("Dr. Uncredited", site=jersey)
category = make_category("Safety", site=florida)
make_article(fl_hub, "Florida article", author=shared, medical_reviewer=shared, category=category)
make_article(nj_hub, "Jersey article", author=shared, category=category)
cta = ReusableCallToAction.objects.create(site=florida, name="Jersey only")
nj_home.body = [("call_to_action", {"reusable": cta})]
nj_home.save_revision().publish()
call_command("migrate", "resources", "0005", verbosity=0, skip_checks=True)
call_command("migrate", "marketing", "0003", verbosity=0, skip_checks=True)
call_command("migrate", verbosity=0, skip_checks=True)
print(json.dumps({
    "people": sorted([person.name, person.site.hostname] for person in Person.objects.all()),
    "credits": sorted(
        [article.title, article.author.site.hostname, article.category.site.hostname,
         article.medical_reviewer.site.hostname if article.medical_reviewer else None]
        for article in ArticlePage.objects.all()
    ),
    "categories": sorted([row.name, row.site.hostname] for row in ResourceCategory.objects.all()),
    "call_to_action": ReusableCallToAction.objects.get().site.hostname,
}))
"""


def test_existing_rows_go_to_the_site_whose_pages_use_them_and_shared_ones_are_copied(tmp_path):
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'before.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="WARNING",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    after = json.loads(result.stdout.strip().splitlines()[-1])

    assert after["people"] == [
        ["Dr. Shared", "localhost"],
        ["Dr. Shared", "nj.localhost"],  # Garden State's own copy
        ["Dr. Uncredited", "localhost"],  # credited nowhere: the default site's
    ]
    assert after["categories"] == [["Safety", "localhost"], ["Safety", "nj.localhost"]]
    # Each article is credited with its own site's person and category.
    assert after["credits"] == [
        ["Florida article", "localhost", "localhost", "localhost"],
        ["Jersey article", "nj.localhost", "nj.localhost", None],
    ]
    assert after["call_to_action"] == "nj.localhost"
