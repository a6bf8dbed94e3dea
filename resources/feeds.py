"""RSS 2.0 and Atom feeds of a hub's live articles, built on Django's syndication framework."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

FEED_LENGTH = 20


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, hub):
        super().__init__()
        self.hub = hub

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        site = self.hub.get_site()
        return f"{self.hub.title} | {site.site_name}" if site and site.site_name else self.hub.title

    def link(self):
        return self.hub.get_full_url(self.request)

    def description(self):
        return self.hub.introduction or f"New articles from {self.hub.title}."

    def items(self):
        return self.hub.articles().prefetch_related("tagged_items__tag")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_categories(self, item):
        names = [item.category.name] if item.category else []
        return names + [tagged.tag.name for tagged in item.tagged_items.all()]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
