"""Site search: the current site's live, public pages, searched with Wagtail's backend."""

import logging
from collections import Counter
from contextlib import contextmanager
from functools import reduce
from operator import and_, or_

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.utils import normalise_query_string

from cms import sites
from cms.rate_limits import RateLimit
from cms.site_cache import site_generation
from resources.models import ArticlePage, ResourceCategory, listed_articles, requested_slug

from .models import UnansweredSearch
from .query import clean_query, highlight, search_terms

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10
# Counting, and counting by category, stop here: past a few hundred matches the exact
# number helps no one, and each match counted costs the database a row read newest first
# (about 12 µs with 10,000 articles). The page shows "More than 300 results".
COUNT_LIMIT = 300
# Ranking reads each candidate's whole index entry, so it costs time in proportion
# to the candidates. Past this many matches, the candidates are every title match
# and the newest matches; with fewer, every match is ranked.
RANKED_CANDIDATES = 150
TITLE_CANDIDATES = 100
SUGGESTIONS = 8
NOINDEX = {"X-Robots-Tag": "noindex"}


def current_site(request) -> Site:
    site = sites.find_for_request(request)
    if site is None:
        raise Http404("No site answers to this host name.")
    return site


class SiteScope:
    """The live, public pages of one site; private sections are looked up once per request."""

    def __init__(self, site):
        self.site = site

    @cached_property
    def private(self):
        return Page.objects.private_q()

    def pages(self):
        return Page.objects.live().exclude(self.private).descendant_of(self.site.root_page, inclusive=True)

    def articles(self):
        return ArticlePage.objects.live().exclude(self.private).descendant_of(self.site.root_page)


def site_pages(site):
    return SiteScope(site).pages()


@contextmanager
def planned_for_its_words():
    """Let PostgreSQL plan each full-text statement for the words searched, not reuse a plan.

    Pages reuse plans (DATABASE_PREPARED_STATEMENTS), but a reused plan cannot tell a rare word
    from a common one: with 10,000 articles the newest-matches statement took 34 ms instead of 8.
    """
    raw = connection.connection  # None before the request's first query: nothing prepared yet
    threshold = getattr(raw, "prepare_threshold", None)
    if threshold is None:
        yield
        return
    raw.prepare_threshold = None
    try:
        yield
    finally:
        raw.prepare_threshold = threshold


def guarded(evaluate, default):
    """Run a search query; text the backend cannot parse counts as no results, never a 500."""
    try:
        with planned_for_its_words():
            return evaluate()
    except DatabaseError:
        logger.warning("Search backend refused a query", exc_info=True)
        return default


def category_lookup(model) -> str:
    """The lookup from a row of ``model`` to its article's category (None for other pages)."""
    return "category" if issubclass(model, ArticlePage) else "articlepage__category"


class SafeResults:
    """Wagtail search results that page like a list, count up to COUNT_LIMIT once, and fail soft."""

    def __init__(self, queryset, text: str, operator: str):
        self.queryset, self.text, self.operator = queryset, text, operator
        self.results = queryset.search(text, operator=operator)
        # Unranked, newest first and cut short: the database stops at COUNT_LIMIT + 1 matches.
        newest_first = queryset.order_by("-first_published_at", "-id")
        self.first_matches = newest_first.search(text, operator=operator, order_by_relevance=False)[: COUNT_LIMIT + 1]

    @cached_property
    def first_rows(self) -> list[tuple[int, int | None]] | None:
        """(pk, category id) of the first matches, newest first, on database backends.

        Other backends have no queryset to read, and get None.
        """
        queryset = getattr(self.first_matches, "get_queryset", None)
        if queryset is None:
            return None
        lookup = category_lookup(self.queryset.model)
        return guarded(lambda: list(queryset().values_list("pk", lookup)), [])

    @cached_property
    def first_pks(self) -> list[int] | None:
        return None if self.first_rows is None else [pk for pk, _ in self.first_rows]

    @cached_property
    def _matches(self) -> int:
        if self.first_pks is not None:
            return len(self.first_pks)
        return min(guarded(self.first_matches.count, 0), COUNT_LIMIT + 1)

    def total(self) -> int:
        """The number of matches, up to COUNT_LIMIT."""
        return min(self._matches, COUNT_LIMIT)

    @property
    def more_than_counted(self) -> bool:
        return self._matches > COUNT_LIMIT

    @property
    def ranking_is_capped(self) -> bool:
        return self.first_pks is not None and self._matches > RANKED_CANDIDATES

    def count(self) -> int:
        """How many results can be paged through: every match, or the best RANKED_CANDIDATES."""
        return RANKED_CANDIDATES if self.ranking_is_capped else self.total()

    def category_counts(self) -> Counter:
        """How many of the first matches each category holds."""
        return Counter(category for _, category in self.first_rows or [] if category is not None)

    def title_matches(self):
        """Pages with every word (or any word) in the title (a trigram index on PostgreSQL:
        migration 0003)."""
        words = [Q(title__icontains=word) for word in self.text.split()]
        return self.queryset.filter(reduce(and_ if self.operator == "and" else or_, words))

    def title_match_pks(self) -> list[int]:
        """Fetched apart: inside the ranking statement, as a subquery, the title matches made
        PostgreSQL's planner misjudge the candidates and scan every index entry."""
        return list(self.title_matches().values_list("pk", flat=True)[:TITLE_CANDIDATES])

    def ranked(self):
        """Every match ranked, or past RANKED_CANDIDATES the title matches and the newest matches."""
        if not self.ranking_is_capped:
            return self.results
        candidates = {*self.first_pks[:RANKED_CANDIDATES], *self.title_match_pks()}
        return self.queryset.filter(pk__in=candidates).search(self.text, operator=self.operator)

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        return guarded(lambda: list(self.ranked()[item]), [])


def search_all_then_any(queryset, text: str) -> SafeResults:
    """All words must match; when that finds nothing, any word may."""
    results = SafeResults(queryset, text, "and")
    if " " in text and results.total() == 0:
        return SafeResults(queryset, text, "or")
    return results


def load_in_order(page_ids: list[int]) -> list[Page]:
    """Pages in the given order, articles as articles with their category and author, in one query.

    ``.specific()`` would cost a query per page type among the results; a result
    shows only Page fields, and an article's summary, category, author and reading
    time, which one join brings along.
    """
    pages = {}
    for page in Page.objects.filter(pk__in=page_ids).select_related("articlepage__category", "articlepage__author"):
        try:
            pages[page.pk] = page.articlepage
        except ArticlePage.DoesNotExist:
            pages[page.pk] = page
    return [pages[pk] for pk in page_ids if pk in pages]


# Every search is recorded for the reports and runs full-text queries: SEARCH_RATE per client address.
SEARCH_LIMIT = RateLimit("search.search", "SEARCH_RATE")


@require_safe
@SEARCH_LIMIT.decorator
def search(request):
    query = clean_query(request.GET.get("q", ""))
    if request.limited:
        context = {"search_query": query, "limited": True}
        return SEARCH_LIMIT.refuse(TemplateResponse(request, "search/search.html", context, headers=NOINDEX), request)
    site = current_site(request)
    terms = search_terms(query)
    category = None
    if slug := requested_slug(request, "category"):
        category = ResourceCategory.objects.filter(slug=slug).first()

    context = {"search_query": query, "active_category": category, "terms": terms}
    scope = SiteScope(site)
    if not terms:
        context["suggestions"] = Suggestions(scope)
        return TemplateResponse(request, "search/search.html", context, headers=NOINDEX)

    text = " ".join(terms)
    promoted = [] if category else promoted_pages(scope, query)
    pages = scope.articles().filter(category=category) if category else scope.pages()
    matches = search_all_then_any(pages.exclude(pk__in=[page.pk for page in promoted]), text)
    # Facets count the whole site's matches, not only the chosen category's.
    facets = category_facets(matches if not category else SafeResults(scope.articles(), text, matches.operator))

    paginator = Paginator(matches, RESULTS_PER_PAGE)
    results_page = paginator.get_page(request.GET.get("page"))
    results = load_in_order([page.pk for page in results_page.object_list])
    for result in results:
        summary = getattr(result, "summary", "") or result.search_description
        result.highlighted_title = highlight(result.title, terms)
        result.highlighted_summary = highlight(summary, terms)

    total = matches.total() + len(promoted)
    if total == 0:
        UnansweredSearch.record(site, query)
        context["suggestions"] = Suggestions(scope)
    else:
        # Only searches that found something become rows of the popular searches report: a made-up
        # query per request would otherwise add a row each time.
        Query.get(query).add_hit()
    context.update(
        {
            "results": results,
            "results_page": results_page,
            "promoted": promoted if results_page.number == 1 else [],
            "result_count": total,
            "more_results": matches.more_than_counted,
            "best_shown": paginator.count if matches.ranking_is_capped else None,
            "facets": facets,
        }
    )
    return TemplateResponse(request, "search/search.html", context, headers=NOINDEX)


def category_facets(matches: SafeResults) -> list[ResourceCategory]:
    """Categories of the matching articles, each with how many of the first matches are in it."""
    counts = matches.category_counts()
    if not counts:
        return []
    categories = list(ResourceCategory.objects.filter(pk__in=counts).order_by("sort_order", "name"))
    for category in categories:
        category.result_count = counts[category.pk]
    return categories


def promoted_pages(scope: SiteScope, query: str) -> list[Page]:
    picks = SearchPromotion.objects.filter(
        query__query_string=normalise_query_string(query), page__in=scope.pages()
    ).order_by("sort_order")
    page_ids = list(picks.values_list("page_id", flat=True))
    pages = load_in_order(page_ids)
    for page in pages:
        page.highlighted_title = page.title
        page.highlighted_summary = getattr(page, "summary", "") or page.search_description
    return pages


class Suggestions:
    """For an empty search or one with no results: the biggest categories and the newest articles.

    Read lazily by the template, inside a fragment cached until the site's content
    changes (its cache generation), so most searches run none of these queries.
    """

    def __init__(self, scope: SiteScope):
        self.site = scope.site
        self.generation = site_generation(self.site.pk)
        self.scope = scope

    @cached_property
    def articles(self):
        return self.scope.articles()

    @cached_property
    def popular_categories(self):
        return list(
            ResourceCategory.objects.filter(articles__in=self.articles)
            .annotate(article_count=Count("articles", distinct=True))
            .order_by("-article_count", "name")[:6]
        )

    @cached_property
    def latest_articles(self):
        return list(listed_articles().descendant_of(self.site.root_page)[:3])

    @cached_property
    def hub(self):
        newest = self.articles.order_by("-first_published_at").first()
        return newest.get_parent() if newest else None


SUGGEST_LIMIT = RateLimit("search.suggest", "SEARCH_SUGGEST_RATE")


@require_safe
@SUGGEST_LIMIT.decorator
def suggest(request):
    """Up to eight titles for what the visitor has typed so far, as JSON (429 past SEARCH_SUGGEST_RATE)."""
    if request.limited:
        return SUGGEST_LIMIT.refuse_json(request, {"results": [], "error": "Too many requests: try again shortly."})
    site = current_site(request)
    terms = search_terms(clean_query(request.GET.get("q", "")))
    if not terms:
        return JsonResponse({"results": []}, headers=NOINDEX)
    try:
        with planned_for_its_words():
            matches = list(site_pages(site).autocomplete(" ".join(terms))[:SUGGESTIONS])
    except DatabaseError:
        logger.warning("Autocomplete failed for %r", terms, exc_info=True)
        matches = []
    results = [{"title": page.title, "url": page.get_url(request)} for page in matches]
    return JsonResponse({"results": results}, headers=NOINDEX)
