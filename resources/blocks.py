"""The blocks an editor can put in an article body, each with its own template."""

from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from marketing.blocks import (
    CallToActionBlock,
    CoverageBlock,
    DisclaimerBlock,
    NewsletterSignupBlock,
    PricingBlock,
)

# A sensible, limited set: no headings (the heading block owns those, so the
# table of contents sees them), no raw HTML, no colours.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript", "subscript"]

TEXT_GROUP = "Text"
MEDIA_GROUP = "Media"
EVIDENCE_GROUP = "Evidence and answers"


class HeadingValue(blocks.StructValue):
    def anchor_id(self) -> str:
        """A stable id for links into the article: the editor's own, or one made from the text."""
        return self.get("anchor") or slugify(self.get("text")) or "section"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="Short and descriptive; visitors skim these.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)")],
        default="h2",
        help_text="Sections (H2) appear in the table of contents.",
        search_index=False,
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text="Optional link name, e.g. 'side-effects'. Left blank, it is made from the heading.",
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = "Heading"
        group = TEXT_GROUP
        template = "resources/blocks/heading.html"
        value_class = HeadingValue
        preview_value = {"text": "What a ketamine session at home looks like", "level": "h2"}
        description = "A section or subsection heading, linked from the table of contents."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120, help_text="Who said it, e.g. 'A patient in Tampa'.")

    class Meta:
        icon = "openquote"
        label = "Quote"
        group = TEXT_GROUP
        template = "resources/blocks/quote.html"
        preview_value = {
            "quote": "Having my care team a message away made the first weeks far less daunting.",
            "attribution": "A patient in Orlando",
        }
        description = "A short quotation set apart from the text."


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("takeaway", "Key takeaway"), ("note", "Note"), ("warning", "Safety warning")],
        default="takeaway",
        search_index=False,
    )
    title = blocks.CharBlock(required=False, max_length=80, help_text="Left blank, the style's name is used.")
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = "Callout / key takeaway"
        group = TEXT_GROUP
        template = "resources/blocks/callout.html"
        preview_value = {
            "style": "takeaway",
            "text": "<p>Ketamine therapy is prescribed after a medical assessment by a licensed physician.</p>",
        }
        description = "A boxed key takeaway, note or safety warning."


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(help_text="Describe the image for people who cannot see it, or mark it decorative.")
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Optional: shown under the image.")

    class Meta:
        icon = "image"
        label = "Image with caption"
        group = MEDIA_GROUP
        template = "resources/blocks/figure.html"
        description = "A photo or illustration with alt text and an optional caption."
        preview_value = {"caption": "A quiet, comfortable room set up for a session at home."}

    def get_preview_value(self):
        """The newest article's featured image, so the picker shows a real photo (the caption alone
        until an article has one)."""
        from .models import ArticlePage  # the models import these blocks

        value = dict(self.meta.preview_value)
        article = (
            ArticlePage.objects.live()
            .exclude(featured_image=None)
            .select_related("featured_image")
            .order_by("-last_published_at", "-pk")
            .first()
        )
        if article is not None:
            image = article.featured_image
            value["image"] = {"image": image, "alt_text": image.description or image.title, "decorative": False}
        return self.normalize(value)


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, help_text="As a reader would ask it, e.g. 'Do I need a referral?'")
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, help_text="A short, plain answer.")

    class Meta:
        icon = "help"
        label = "Question"


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, default="Frequently asked questions", max_length=100)
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, label="Questions")

    class Meta:
        icon = "help"
        label = "FAQ"
        group = EVIDENCE_GROUP
        template = "resources/blocks/faq.html"
        preview_value = {
            "title": "Frequently asked questions",
            "items": [
                {
                    "question": "Do I need a referral?",
                    "answer": "<p>No. Our physicians assess you in a video visit first.</p>",
                }
            ],
        }
        description = "Questions and answers; search engines may show them in results."


class ReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=300)
    publication = blocks.CharBlock(required=False, max_length=200, help_text="Journal, publisher or website.")
    year = blocks.IntegerBlock(required=False, min_value=1900, max_value=2100)
    url = blocks.URLBlock(required=False, label="URL", help_text="Optional: where readers can find it.")

    class Meta:
        icon = "doc-full"
        label = "Source"


class ReferencesBlock(blocks.StructBlock):
    items = blocks.ListBlock(ReferenceBlock(), min_num=1, label="Sources")

    class Meta:
        icon = "list-ol"
        label = "References"
        group = EVIDENCE_GROUP
        template = "resources/blocks/references.html"
        preview_value = {
            "items": [
                {"title": "A review of ketamine for depression", "publication": "A medical journal", "year": 2023}
            ]
        }
        description = "The sources the article relies on, numbered."


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        label="Rich text",
        group=TEXT_GROUP,
        template="resources/blocks/paragraph.html",
        preview_value="<p>Ketamine is given in a low dose, at home, with a sitter present.</p>",
        description="Paragraphs, lists and links.",
    )
    quote = QuoteBlock()
    callout = CalloutBlock()
    image = FigureBlock()
    embed = EmbedBlock(
        icon="media",
        label="Video or embed",
        group=MEDIA_GROUP,
        template="resources/blocks/embed.html",
        help_text="A YouTube or Vimeo address.",
        description="A video from YouTube or Vimeo.",
        preview_value="https://www.youtube.com/",
        # The picker shows where the player goes; fetching a real video would need the network.
        preview_template="resources/blocks/previews/embed.html",
    )
    table = TableBlock(
        icon="table",
        label="Table",
        group=EVIDENCE_GROUP,
        template="resources/blocks/table.html",
        table_options={"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False},
        description="A simple table; mark the first row as a header.",
        preview_value={
            "data": [["Week", "What happens"], ["1", "Assessment and plan"], ["2–4", "Sessions with a sitter"]],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "A first month of care",
        },
    )
    faq = FAQBlock()
    references = ReferencesBlock()
    call_to_action = CallToActionBlock()
    pricing = PricingBlock()
    coverage = CoverageBlock()
    disclaimer = DisclaimerBlock()
    newsletter_signup = NewsletterSignupBlock()

    class Meta:
        # One of each of these per page: a second copy repeats the same site-wide content
        # (pricing, coverage, disclaimer), splits the sources, or gives two forms the same ids.
        block_counts = {
            "references": {"max_num": 1},
            "pricing": {"max_num": 1},
            "coverage": {"max_num": 1},
            "disclaimer": {"max_num": 1},
            "newsletter_signup": {"max_num": 1},
        }
