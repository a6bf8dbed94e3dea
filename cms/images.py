"""Images over WAGTAILIMAGES_MAX_IMAGE_PIXELS are never decoded: refused on upload (cms/image_forms.py),
left out of pages here."""

from django.conf import settings


def renderable(image):
    """``image``, or None when its stored size is over the pixel limit.

    Such an image was stored before the limit or by an import that did not check it. Each rendition
    of it would decode every pixel (hundreds of megabytes) on a page view, so pages leave it out,
    as they do a blank image field, until an editor replaces it.
    """
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    if image is None or limit is None or image.width * image.height <= limit:
        return image
    return None
