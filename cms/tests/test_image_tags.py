"""The project's image tags render exactly as Wagtail's, and parse each tag's filter specs once."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from wagtail.images import models as image_models

from resources.tests.builders import make_image

TAGS = [
    '{% image photo fill-320x180 class="hero" %}',
    "{% image photo width-400 format-webp as rendition %}{{ rendition.url }} {{ rendition.width }}",
    '{% srcset_image photo width-{200,400} sizes="100vw" %}',
    '{% picture photo format-{avif,webp,jpeg} fill-{320x180,640x360} sizes="50vw" alt="A calm room" %}',
    "{% picture photo format-{webp,jpeg} width-{200,400} as picture %}{{ picture }}",
]


def render(library: str, tag: str, **context) -> str:
    return Template(f"{{% load {library} %}}{tag}").render(Context(context))


@pytest.fixture
def photo(db):
    return make_image("Calm room", (1280, 720))


@pytest.mark.parametrize("tag", TAGS)
def test_each_tag_renders_as_wagtails(photo, tag):
    ours = render("image_tags", tag, photo=photo)
    assert ours == render("wagtailimages_tags", tag, photo=photo)
    assert "/media/images/" in ours


@pytest.mark.parametrize("tag", TAGS)
def test_no_image_renders_nothing_as_wagtails_does(db, tag):
    assert render("image_tags", tag, photo=None) == render("wagtailimages_tags", tag, photo=None)


def test_a_compiled_tag_parses_its_filters_once(photo, monkeypatch):
    parsed = []
    original = image_models.Filter.__init__

    def counting_init(self, spec=None):
        parsed.append(spec)
        original(self, spec=spec)

    monkeypatch.setattr(image_models.Filter, "__init__", counting_init)
    template = Template("{% load image_tags %}{% picture photo format-{webp,jpeg} fill-{320x180,640x360} %}")
    for _ in range(3):
        template.render(Context({"photo": photo}))

    assert len(parsed) == 4  # two formats by two sizes, for the first render only


def test_a_malformed_tag_is_refused_with_wagtails_message():
    with pytest.raises(TemplateSyntaxError, match="filter specs in image tags may only contain"):
        Template("{% load image_tags %}{% image photo fill-320x180! %}")
