from django.db import models
from django.db.models import F
from django.utils import timezone


class UnansweredSearch(models.Model):
    """A search on one site that found nothing: the content team's list of gaps to fill."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    query_string = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    last_searched_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "query_string"], name="unique_unanswered_search")]
        ordering = ["-searches", "-last_searched_at"]
        verbose_name = "search with no results"
        verbose_name_plural = "searches with no results"

    def __str__(self):
        return self.query_string

    @classmethod
    def record(cls, site, query_string: str) -> None:
        normalised = query_string.lower()
        record, _ = cls.objects.get_or_create(site=site, query_string=normalised)
        cls.objects.filter(pk=record.pk).update(searches=F("searches") + 1, last_searched_at=timezone.now())
