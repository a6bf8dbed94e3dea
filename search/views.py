"""Site search: the current site's live, public pages, searched with Wagtail's backend."""

import logging
from functools import reduce
from operator import and_, or_

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import Count, Q, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from resources.models import ArticlePage, ResourceCategory, listed_articles, requested_slug

from .models import UnansweredSearch
from .query import clean_query, highlight, search_terms

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10
# Counting, and counting by category, stop here: past a thousand matches the exact
# number helps no one and costs a scan of every match. The page shows "1,000+".
COUNT_LIMIT = 1000
TITLE_CANDIDATES = 200
SUGGESTIONS = 8
NOINDEX = {"X-Robots-Tag": "noindex"}


def current_site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers to this host name.")
    return site


def site_pages(site):
    return Page.objects.live().public().descendant_of(site.root_page, inclusive=True)


def site_articles(site):
    return ArticlePage.objects.live().public().descendant_of(site.root_page)


def guarded(evaluate, default):
    """Run a search query; text the backend cannot parse counts as no results, never a 500."""
    try:
        return evaluate()
    except DatabaseError:
        logger.warning("Search backend refused a query", exc_info=True)
        return default


class SafeResults:
    """Wagtail search results that page like a list, count up to COUNT_LIMIT once, and fail soft."""

    def __init__(self, queryset, text: str, operator: str):
        self.queryset, self.text, self.operator = queryset, text, operator
        self.results = queryset.search(text, operator=operator)
        # Unranked and cut short: the database can stop at the first COUNT_LIMIT + 1 matches.
        self.first_matches = queryset.search(text, operator=operator, order_by_relevance=False)[: COUNT_LIMIT + 1]

    @cached_property
    def first_pks(self) -> list[int] | None:
        """The pks of the first matches, on database backends (others have no queryset to read)."""
        queryset = getattr(self.first_matches, "get_queryset", None)
        if queryset is None:
            return None
        return guarded(lambda: list(queryset().values_list("pk", flat=True)), [])

    @cached_property
    def _matches(self) -> int:
        if self.first_pks is not None:
            return len(self.first_pks)
        return min(guarded(self.first_matches.count, 0), COUNT_LIMIT + 1)

    def count(self):
        return min(self._matches, COUNT_LIMIT)

    @property
    def more_than_counted(self) -> bool:
        return self._matches > COUNT_LIMIT

    def matching_pks(self) -> list[int]:
        return self.first_pks or []

    def title_match_pks(self) -> list[int]:
        words = [Q(title__icontains=word) for word in self.text.split()]
        combined = reduce(and_ if self.operator == "and" else or_, words)
        return list(self.queryset.filter(combined).values_list("pk", flat=True)[:TITLE_CANDIDATES])

    def ranked(self):
        """Ranking scores every match; past COUNT_LIMIT, rank the first matches and every title match."""
        if not self.more_than_counted or self.first_pks is None:
            return self.results
        candidates = set(self.first_pks) | set(self.title_match_pks())
        return self.queryset.filter(pk__in=candidates).search(self.text, operator=self.operator)

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        return guarded(lambda: list(self.ranked()[item]), [])


def search_all_then_any(queryset, text: str) -> SafeResults:
    """All words must match; when that finds nothing, any word may."""
    results = SafeResults(queryset, text, "and")
    if " " in text and results.count() == 0:
        return SafeResults(queryset, text, "or")
    return results


def load_in_order(page_ids: list[int]) -> list[Page]:
    """Specific pages in the given order, articles with their category and author, in constant queries."""
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    ordered = [pages[pk] for pk in page_ids if pk in pages]
    articles = [page for page in ordered if isinstance(page, ArticlePage)]
    prefetch_related_objects(articles, "category", "author")
    return ordered


@require_safe
def search(request):
    site = current_site(request)
    query = clean_query(request.GET.get("q", ""))
    terms = search_terms(query)
    category = None
    if slug := requested_slug(request, "category"):
        category = ResourceCategory.objects.filter(slug=slug).first()

    context = {"search_query": query, "active_category": category, "terms": terms}
    if not terms:
        context.update(suggestions(site))
        return TemplateResponse(request, "search/search.html", context, headers=NOINDEX)

    text = " ".join(terms)
    promoted = [] if category else promoted_pages(site, query)
    pages = site_articles(site).filter(category=category) if category else site_pages(site)
    matches = search_all_then_any(pages.exclude(pk__in=[page.pk for page in promoted]), text)
    # Facets count the whole site's matches, not only the chosen category's.
    facets = category_facets(matches if not category else SafeResults(site_articles(site), text, matches.operator))

    paginator = Paginator(matches, RESULTS_PER_PAGE)
    results_page = paginator.get_page(request.GET.get("page"))
    results = load_in_order([page.pk for page in results_page.object_list])
    for result in results:
        summary = getattr(result, "summary", "") or result.search_description
        result.highlighted_title = highlight(result.title, terms)
        result.highlighted_summary = highlight(summary, terms)

    total = paginator.count + len(promoted)
    if total == 0:
        UnansweredSearch.record(site, query)
        context.update(suggestions(site))
    else:
        Query.get(query).add_hit()
    context.update(
        {
            "results": results,
            "results_page": results_page,
            "promoted": promoted if results_page.number == 1 else [],
            "result_count": total,
            "more_results": matches.more_than_counted,
            "facets": facets,
        }
    )
    return TemplateResponse(request, "search/search.html", context, headers=NOINDEX)


def category_facets(matches: SafeResults):
    """Categories of the matching articles, each with how many of the first matches are in it."""
    pks = matches.matching_pks()
    if not pks:
        return []
    return (
        ResourceCategory.objects.filter(articles__pk__in=pks)
        .annotate(result_count=Count("articles", distinct=True))
        .order_by("sort_order", "name")
    )


def promoted_pages(site, query: str) -> list[Page]:
    picks = SearchPromotion.objects.filter(
        query__query_string=Query.get(query).query_string, page__in=site_pages(site)
    ).order_by("sort_order")
    page_ids = list(picks.values_list("page_id", flat=True))
    pages = load_in_order(page_ids)
    for page in pages:
        page.highlighted_title = page.title
        page.highlighted_summary = getattr(page, "summary", "") or page.search_description
    return pages


def suggestions(site) -> dict:
    """For an empty search or one with no results: the biggest categories and the newest articles."""
    articles = site_articles(site)
    newest = articles.order_by("-first_published_at").first()
    return {
        "popular_categories": ResourceCategory.objects.filter(articles__in=articles)
        .annotate(article_count=Count("articles", distinct=True))
        .order_by("-article_count", "name")[:6],
        "latest_articles": listed_articles().descendant_of(site.root_page)[:3],
        "hub": newest.get_parent() if newest else None,
    }


@require_safe
def suggest(request):
    """Up to eight titles for what the visitor has typed so far, as JSON."""
    site = current_site(request)
    terms = search_terms(clean_query(request.GET.get("q", "")))
    if not terms:
        return JsonResponse({"results": []}, headers=NOINDEX)
    try:
        matches = list(site_pages(site).autocomplete(" ".join(terms))[:SUGGESTIONS])
    except DatabaseError:
        logger.warning("Autocomplete failed for %r", terms, exc_info=True)
        matches = []
    results = [{"title": page.title, "url": page.get_url(request)} for page in matches]
    return JsonResponse({"results": results}, headers=NOINDEX)
