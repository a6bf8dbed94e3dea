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
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image with caption"
        group = MEDIA_GROUP
        template = "resources/blocks/figure.html"
        description = "A photo or illustration with alt text and an optional caption."


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


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
    url = blocks.URLBlock(required=False, label="URL")


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
    )
    table = TableBlock(
        icon="table",
        label="Table",
        group=EVIDENCE_GROUP,
        template="resources/blocks/table.html",
        table_options={"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False},
        description="A simple table; mark the first row as a header.",
    )
    faq = FAQBlock()
    references = ReferencesBlock()
    call_to_action = CallToActionBlock()
    pricing = PricingBlock()
    coverage = CoverageBlock()
    disclaimer = DisclaimerBlock()
    newsletter_signup = NewsletterSignupBlock()

    class Meta:
        block_counts = {"references": {"max_num": 1}, "newsletter_signup": {"max_num": 1}}
