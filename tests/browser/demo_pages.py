"""The demo's public pages of each kind, checked for accessibility and valid HTML (seed_demo builds them).

Paths on Harborlight Health, the default site (localhost); the status each page answers with.
"""

PAGES = {
    "home": ("/", 200),
    "hub": ("/resources/", 200),
    "article": ("/resources/understanding-the-cost-of-ketamine-therapy/", 200),
    "search results": ("/search/?q=sitter", 200),
    # A landing page with pricing, an FAQ and the site's call to action.
    "landing page": ("/pricing/", 200),
    "not found": ("/no-such-page/", 404),
}
