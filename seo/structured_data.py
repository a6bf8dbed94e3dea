"""schema.org JSON-LD for each page: one block per type, all built here (none from wagtail-seo)."""

import html
import re

from django.utils.html import strip_tags
from wagtail.models import Site

from cms.images import renderable

CONTEXT = "https://schema.org"
# Where rich text ends a paragraph, list item or line, a reader sees a break: the plain text keeps a space there.
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)


def absolute(url: str, site: Site) -> str:
    return url if url.startswith(("http://", "https://")) else site.root_url.rstrip("/") + url


def rendition_url(image, spec: str) -> str:
    """The URL of one rendition of ``image``, from its prefetched renditions when it has them.

    Through ``get_renditions``: Wagtail 7.4's ``get_rendition`` writes the rendition back to the cache
    on every call, even one it has just read from there or from a prefetch (wagtail/wagtail#14541).
    """
    return image.get_renditions(spec)[spec].url


def person(person) -> dict:
    data = {"@type": "Person", "name": person.name, "jobTitle": person.role}
    if person.profile_url:
        data["url"] = person.profile_url
    return data


def organization(site: Site, brand, request=None) -> dict:
    """The clinic as a MedicalBusiness, with the states it serves."""
    data = {
        "@context": CONTEXT,
        "@type": "MedicalBusiness",
        "@id": site.root_url + "/#organization",
        "name": brand.brand_name or site.site_name,
        "url": site.root_url + "/",
    }
    if renderable(brand.logo):
        data["logo"] = absolute(rendition_url(brand.logo, "height-120|format-png"), site)
    if brand.phone:
        data["telephone"] = brand.phone
    if brand.email:
        data["email"] = brand.email
    if brand.areas:
        data["areaServed"] = [{"@type": "State", "name": area["state"]} for area in brand.areas]
    if brand.social_profiles:
        data["sameAs"] = [profile.value["url"] for profile in brand.social_profiles]
    return data


def publisher(site: Site, brand) -> dict:
    data = {"@type": "Organization", "name": brand.brand_name or site.site_name, "url": site.root_url + "/"}
    if renderable(brand.logo):
        data["logo"] = {
            "@type": "ImageObject",
            "url": absolute(rendition_url(brand.logo, "height-120|format-png"), site),
        }
    return data


def website(site: Site, brand) -> dict:
    """The site, with a SearchAction pointing at its own search."""
    root = site.root_url + "/"
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": brand.brand_name or site.site_name,
        "url": root,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": root + "search/?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumbs(page, site: Site, request=None) -> dict | None:
    """Home › … › this page; nothing on the home page itself."""
    trail = [*page.breadcrumb_ancestors, page]
    if len(trail) < 2:
        return None
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": "Home" if crumb.depth == 2 else crumb.title,
                "item": crumb.get_full_url(request),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def article(page, site: Site, brand, request=None) -> dict:
    """An Article; a MedicalWebPage (with reviewer and audience) once a clinician has reviewed it."""
    reviewed = page.medical_reviewer is not None
    url = page.seo_canonical_url
    data = {
        "@context": CONTEXT,
        "@type": "MedicalWebPage" if reviewed else "Article",
        "@id": url + "#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": page.title,
        "description": page.seo_description,
        "datePublished": page.first_published_at.isoformat() if page.first_published_at else None,
        "dateModified": (page.last_published_at or page.first_published_at).isoformat()
        if page.first_published_at
        else None,
        "publisher": publisher(site, brand),
        "inLanguage": "en-US",
    }
    if page.seo_image_url:
        data["image"] = [page.seo_image_url]
    if page.author:
        data["author"] = person(page.author)
    if page.category:
        data["articleSection"] = page.category.name
    if reviewed:
        data["reviewedBy"] = person(page.medical_reviewer)
        if page.last_reviewed:
            data["lastReviewed"] = page.last_reviewed.isoformat()
        data["audience"] = {"@type": "MedicalAudience", "audienceType": "Patient"}
        data["about"] = {"@type": "MedicalTherapy", "name": "Ketamine-assisted therapy at home"}
    return {key: value for key, value in data.items() if value is not None}


def plain_text(rich_text_source: str) -> str:
    """Rich text as a reader sees it: no tags, entities decoded (&amp; is &), paragraphs kept apart."""
    return " ".join(html.unescape(strip_tags(BLOCK_END.sub(" ", rich_text_source))).split())


def faq_page(page) -> dict | None:
    """FAQPage from every FAQ block in the body, when there is one."""
    questions = [
        {
            "@type": "Question",
            "name": item["question"],
            "acceptedAnswer": {"@type": "Answer", "text": plain_text(item["answer"].source)},
        }
        for block in page.body
        if block.block_type == "faq"
        for item in block.value["items"]
    ]
    if not questions:
        return None
    return {"@context": CONTEXT, "@type": "FAQPage", "mainEntity": questions}
