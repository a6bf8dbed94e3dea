"""Wagtail's ``{% image %}``, ``{% srcset_image %}`` and ``{% picture %}``, each tag's filters parsed once.

Wagtail 7.4's tags build new ``Filter`` objects on every render, and each one parses its spec
again (``inspect.getcallargs`` for every operation): about 70 parses on an article page, more
on the hub. A tag's specs are fixed in its template, and compiled templates are kept (Django's
cached loader), so the tags here keep their ``Filter`` objects with the compiled node.
They also leave out an image over the pixel limit (``cms.images.renderable``), as Wagtail's tags
leave out a blank one. Everything else, the syntax included, is Wagtail's: load ``image_tags``
instead of ``wagtailimages_tags``.
"""

from functools import cached_property

from django import template
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

from cms.images import renderable

register = template.Library()


class RenderableImagesOnly:
    def validate_image(self, context):
        image = renderable(super().validate_image(context))
        if image is None and self.output_var_name:
            context[self.output_var_name] = None
        return image


class ImageNode(RenderableImagesOnly, wagtail_tags.ImageNode):
    @cached_property
    def filter(self):
        return super().get_filter()

    def get_filter(self):
        return self.filter


class FiltersParsedOnce:
    @cached_property
    def filters(self):
        return super().get_filters()

    def get_filters(self):
        return self.filters


class SrcsetImageNode(RenderableImagesOnly, FiltersParsedOnce, wagtail_tags.SrcsetImageNode):
    pass


class PictureNode(RenderableImagesOnly, FiltersParsedOnce, wagtail_tags.PictureNode):
    pass


NODES = {
    wagtail_tags.ImageNode: ImageNode,
    wagtail_tags.SrcsetImageNode: SrcsetImageNode,
    wagtail_tags.PictureNode: PictureNode,
}


def image(parser, token):
    parsed = wagtail_tags.image(parser, token)  # Wagtail's parsing and its error messages
    return NODES[type(parsed)](
        parsed.image_expr, parsed.filter_specs, output_var_name=parsed.output_var_name, attrs=parsed.attrs
    )


register.tag("image", image)
register.tag("srcset_image", image)
register.tag("picture", image)
