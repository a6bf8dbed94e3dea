from decimal import Decimal

from marketing.models import SiteSettings

FLORIDA = {"state": "Florida", "county_count": 67, "all_counties": True, "counties": "Miami-Dade\nBroward\nPalm Beach"}
NEW_JERSEY = {"state": "New Jersey", "county_count": 21, "all_counties": True, "counties": ""}


def make_site_settings(site, **overrides) -> SiteSettings:
    values = {
        "brand_name": "Harborlight Health",
        "starting_price": Decimal("250.00"),
        "billing_period": "month",
        "inclusions": [("inclusion", "Board-certified physician"), ("inclusion", "Medication delivered to your door")],
        "cta_label": "Book a consultation",
        "cta_url": "https://book.example/harborlight",
        "coverage": [("area", FLORIDA), ("area", NEW_JERSEY)],
        "disclaimer": "<p>This content is for information only and is not medical advice.</p>",
        "phone": "(800) 555-0134",
    }
    values.update(overrides)
    settings, _ = SiteSettings.objects.update_or_create(site=site, defaults=values)
    return settings
