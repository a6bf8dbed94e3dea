"""Lighthouse's mobile scores for the site benchmark, and the audits that keep a score below 100."""

import json
import os
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from benchmarks.database import Timer
from benchmarks.site_tools import run_quietly

if TYPE_CHECKING:
    from benchmarks.site_results import Target

CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
    " --disable-component-update --disable-sync"
)


LIGHTHOUSE_CATEGORIES = (
    ("performance", "performance"),
    ("accessibility", "accessibility"),
    ("best-practices", "best practices"),
    ("seo", "SEO"),
)


IMAGE_SIZES = (("displayedSize", "shown"), ("actualSize", "file"), ("expectedSize", "expected"))


def lighthouse(target: "Target", port: int, context: dict) -> dict:
    """Lighthouse's default (mobile) run on one page: the four category scores and what keeps them below 100."""
    url = f"http://{target.host}:{port}{target.path}"
    output = context["folder"] / f"lighthouse-{re.sub(r'[^a-z0-9]+', '-', target.label)}.json"
    command = [
        str(context["lighthouse"]),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        "--no-enable-error-reporting",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    environment = {**os.environ, "CHROME_PATH": context["chromium"]}
    with Timer() as timer:
        result = run_quietly(command, env=environment, timeout=300)
    if result.returncode != 0 or not output.exists():
        problem = (result.stderr or result.stdout).strip().splitlines()[-3:]
        print(f"  Lighthouse {target.label}: failed ({' / '.join(problem)})", flush=True)
        return {"target": target, "url": url, "error": " / ".join(problem) or f"exit {result.returncode}"}
    report = json.loads(output.read_text())
    scores = {}
    for key, _ in LIGHTHOUSE_CATEGORIES:
        score = report["categories"].get(key, {}).get("score")
        scores[key] = None if score is None else round(score * 100)
    figures = " ".join(f"{scores[key] if scores[key] is not None else '?'}" for key, _ in LIGHTHOUSE_CATEGORIES)
    print(f"  Lighthouse {target.label:<10} {figures}   ({timer.seconds:.0f} s)", flush=True)
    metrics = [
        report["audits"][name].get("displayValue", "?")
        for name in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
        )
        if name in report["audits"]
    ]
    return {
        "target": target,
        "url": url,
        "scores": scores,
        "metrics": metrics,
        "failing": {key: failing_audits(report, key) for key, _ in LIGHTHOUSE_CATEGORIES if scores[key] != 100},
        "warnings": report.get("runWarnings", []),
        "error": (report.get("runtimeError") or {}).get("message"),
    }


def failing_audits(report: dict, category: str, limit: int = 5) -> list[tuple[str, list[str]]]:
    """The audits that cost a category points, heaviest first (weighted ones below 1, others below 0.9),
    each with the first elements or files it names."""
    found = []
    for reference in report["categories"].get(category, {}).get("auditRefs", []):
        audit = report["audits"].get(reference["id"], {})
        score = audit.get("score")
        if score is None or audit.get("scoreDisplayMode") in ("notApplicable", "informative", "manual"):
            continue
        weight = reference.get("weight", 0)
        if score < 1 if weight else score < 0.9:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            items = (audit.get("details") or {}).get("items")
            items = [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
            found.append((-weight, score, f"{audit.get('title', reference['id'])}{value}", items))
    found.sort(key=lambda entry: entry[:2])
    described = []
    for _, _, title, items in found[:limit]:
        lines = list(dict.fromkeys(line for line in map(describe_item, items) if line))  # unique, in order
        described.append((title, lines[:2]))
    return described


def describe_item(item: dict) -> str:
    """One line about an element or file an audit names: selector, file path, sizes, axe's explanation."""
    node = item.get("node") if isinstance(item.get("node"), dict) else {}
    parts = [node.get("selector", "")]
    if isinstance(item.get("url"), str):
        parts.append(urlsplit(item["url"]).path)
    sizes = [f"{label} {item[key]}" for key, label in IMAGE_SIZES if key in item]
    explanation = node.get("explanation", "").split("\n")
    parts += [", ".join(sizes), explanation[-1].strip()]
    return ": ".join(part for part in parts if part)[:220]


def print_lighthouse(results: list[dict]) -> None:
    print()
    print("Lighthouse, mobile (default config: emulated Moto G Power, simulated slow 4G and 4× CPU slowdown)")
    print(f"  {'page':<10} {'perf':>5} {'a11y':>5} {'best':>5} {'SEO':>5}   FCP, LCP, TBT, CLS   url")
    for result in results:
        label = result["target"].label
        if "scores" not in result:
            print(f"  {label:<10} failed: {result['error']}   {result['url']}")
            continue
        scores = "".join(
            f"{result['scores'][key] if result['scores'][key] is not None else '?':>6}"
            for key, _ in LIGHTHOUSE_CATEGORIES
        )
        print(f"  {label:<10}{scores}   {', '.join(result['metrics'])}   {result['url']}")
    for result in results:
        for key, title in LIGHTHOUSE_CATEGORIES:
            for audit, items in result.get("failing", {}).get(key, []):
                print(f"  {result['target'].label}, {title} below 100: {audit}")
                for item in items:
                    print(f"      {item}")
        for warning in result.get("warnings", []):
            warning = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", warning)  # Markdown links: their text only
            print(f"  {result['target'].label}, Lighthouse warning: {warning[:200]}")
        if result.get("error") and "scores" in result:
            print(f"  {result['target'].label}, Lighthouse runtime error: {result['error']}")
