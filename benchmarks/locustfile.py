"""The visitors of `make loadtest` (benchmarks/load_test.py starts locust with this file).

Each simulated visitor reads pages of both demo sites (home, hub with and without
filters, articles), searches, types into the search box (suggest) and now and
then signs up for the newsletter with an address of its own, with JavaScript
(JSON) or without (a form post answered 303). The addresses accepted are
written to LOADTEST_SUMMARY when the run ends, with the counts the driver checks.

Read from the environment (set by load_test.py): LOADTEST_TARGETS (JSON: hosts,
paths), LOADTEST_EMAIL_PREFIX, LOADTEST_SUMMARY (where to write the summary).
"""

import json
import os
import random
import uuid
from collections import Counter
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

TARGETS = json.loads(os.environ.get("LOADTEST_TARGETS", "{}"))
EMAIL_PREFIX = os.environ.get("LOADTEST_EMAIL_PREFIX", "load")
SEARCH_WORDS = ["ketamine", "therapy", "session", "insurance", "depression", "safety", "cost", "what to expect"]

statuses: Counter = Counter()
signups = {"attempted": 0, "accepted_json": 0, "accepted_form": 0, "refused": 0}
accepted_emails: list[str] = []
# Sent but not answered yet: when the run stops, these may or may not have been stored.
pending_emails: set[str] = set()


@events.request.add_listener
def count_status(response=None, **kwargs):
    # 0: no answer at all (connection refused or reset, timeout).
    statuses[getattr(response, "status_code", None) or 0] += 1


@events.quitting.add_listener
def write_summary(environment, **kwargs):
    total = environment.stats.total
    summary = {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99),
        "rps": total.total_rps,
        "by_name": [
            {
                "name": entry.name,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50_ms": entry.get_response_time_percentile(0.5),
                "p95_ms": entry.get_response_time_percentile(0.95),
            }
            for entry in sorted(environment.stats.entries.values(), key=lambda entry: entry.name)
        ],
        "signups": signups,
        "accepted_emails": accepted_emails,
        "unanswered_emails": sorted(pending_emails),
        "errors": [
            {"name": error.name, "error": str(error.error), "occurrences": error.occurrences}
            for error in environment.stats.errors.values()
        ][:20],
    }
    with open(os.environ["LOADTEST_SUMMARY"], "w") as file:
        json.dump(summary, file)


class Visitor(FastHttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.site = random.choice(TARGETS["sites"])  # noqa: S311 - a load mix, not a secret
        self.headers = {"Host": self.site["host"]}

    def get(self, path: str, name: str):
        self.client.get(path, headers=self.headers, name=name)

    @task(4)
    def home(self):
        self.get("/", "home")

    @task(3)
    def hub(self):
        self.get("/resources/", "hub")

    @task(1)
    def hub_filtered(self):
        choices = [f"?category={slug}" for slug in self.site["categories"]] + ["?page=2"]
        self.get("/resources/" + random.choice(choices), "hub filtered")  # noqa: S311

    @task(5)
    def article(self):
        self.get(random.choice(self.site["articles"]), "article")  # noqa: S311

    @task(2)
    def search(self):
        self.get("/search/?" + urlencode({"q": random.choice(SEARCH_WORDS)}), "search")  # noqa: S311

    @task(2)
    def suggest(self):
        word = random.choice(SEARCH_WORDS)  # noqa: S311
        self.get("/search/suggest/?" + urlencode({"q": word[: random.randint(2, len(word))]}), "suggest")  # noqa: S311

    @task(1)
    def sign_up(self):
        email = f"{EMAIL_PREFIX}-{uuid.uuid4().hex[:12]}@example.org"
        with_javascript = random.random() < 0.75  # noqa: S311
        headers = {
            **self.headers,
            "Origin": f"http://{self.site['host']}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        if with_javascript:
            headers.update({"Accept": "application/json", "X-Requested-With": "fetch"})
        body = urlencode({"email": email, "website": "", "next": "/", "consent": ""})
        signups["attempted"] += 1
        pending_emails.add(email)
        name = "signup (JSON)" if with_javascript else "signup (form)"
        with self.client.post(
            "/newsletter/subscribe/", data=body, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            pending_emails.discard(email)
            if with_javascript and response.status_code == 200 and response.json().get("ok") is True:
                signups["accepted_json"] += 1
                accepted_emails.append(email)
                response.success()
            elif not with_javascript and response.status_code == 303:
                signups["accepted_form"] += 1
                accepted_emails.append(email)
                response.success()
            else:
                signups["refused"] += 1
                response.failure(f"signup answered {response.status_code}")
