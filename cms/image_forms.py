"""The image upload form: Pillow's decompression-bomb refusal as a form error, not a 500.

Wagtail 7.4 reads an upload's size through Pillow, which raises ``DecompressionBombError`` for
anything over twice ``PIL.Image.MAX_IMAGE_PIXELS`` before Wagtail can compare the size with
WAGTAILIMAGES_MAX_IMAGE_PIXELS: a 109 KB PNG of 30000 × 30000 pixels was a 500 on both upload views.
Wagtail fixes this upstream (wagtail/wagtail#14225) with the same message; drop the form then.
Apart from cms/images.py so that models can import that one while apps load.
"""

from django.core.exceptions import ValidationError
from PIL.Image import DecompressionBombError
from wagtail.images.forms import BaseImageForm


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: used by the single and the multiple upload views alike."""

    def full_clean(self):
        try:
            super().full_clean()
        except DecompressionBombError:
            file_field = self.fields["file"]
            message = file_field.error_messages["file_too_many_pixels"] % {
                "num_pixels": "unknown number",
                "max_pixels_count": file_field.max_image_pixels,
            }
            self.add_error("file", ValidationError(message, code="file_too_many_pixels"))
