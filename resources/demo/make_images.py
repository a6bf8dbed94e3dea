"""The demo's pictures, drawn with Pillow: article images, and each demo brand's logo and favicon.

``manage.py seed_demo`` calls :func:`write_images` at run time, into a temporary folder beside a
copy of the demo articles (their front matter says ``image: ../images/NAME.jpg``), so no picture is
kept in the repository. Every picture comes from a fixed seed and fixed shapes: the same Pillow
gives the same bytes each time, so the importer, which reuses images by file hash, finds the images
of an earlier run instead of adding new ones.

To look at them: ``.venv/bin/python resources/demo/make_images.py [FOLDER]`` (default
``data/demo-images/``).
"""

from __future__ import annotations

import functools
import io
import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1600, 900
MAX_BYTES = 150 * 1024
# Soft shapes are masked at half size and scaled up: they look the same and draw eight times faster.
MASK_SCALE = 0.5

# Harborlight Health: deep and soft teals, sea glass, sand and warm shell.
TEAL_DEEP = (18, 78, 84)
TEAL = (42, 122, 124)
SEA_GLASS = (142, 196, 186)
MIST = (214, 232, 226)
SAND = (226, 205, 168)
SHELL = (243, 231, 212)
DUSK = (96, 132, 150)

# Garden State Ketamine Care: pine and fern greens, meadow, goldenrod, sky and cream.
PINE = (38, 78, 54)
FERN = (78, 124, 86)
MEADOW = (170, 198, 142)
GOLDENROD = (224, 184, 98)
SKY = (180, 206, 214)
CREAM = (245, 239, 220)
CLAY = (188, 124, 92)

# file name → (seed, top-left colour, bottom-right colour, accent colours, style)
IMAGES = {
    # Harborlight Health
    "harbor-dawn.jpg": (11, SHELL, SEA_GLASS, [SAND, TEAL, MIST], "waves"),
    "quiet-tide.jpg": (23, MIST, TEAL, [SEA_GLASS, SHELL, TEAL_DEEP], "circles"),
    "sand-and-sea-glass.jpg": (37, SAND, SEA_GLASS, [SHELL, TEAL, MIST], "circles"),
    "evening-shore.jpg": (41, DUSK, SAND, [SHELL, SEA_GLASS, TEAL_DEEP], "waves"),
    "still-water.jpg": (53, TEAL_DEEP, SEA_GLASS, [MIST, SAND, TEAL], "rings"),
    "morning-light.jpg": (67, SHELL, MIST, [SAND, SEA_GLASS, TEAL], "rings"),
    "tide-pools.jpg": (71, SEA_GLASS, SHELL, [TEAL, MIST, SAND], "circles"),
    "open-water.jpg": (83, MIST, DUSK, [SEA_GLASS, SHELL, TEAL], "waves"),
    # Garden State Ketamine Care
    "meadow-morning.jpg": (101, CREAM, MEADOW, [GOLDENROD, FERN, SKY], "waves"),
    "pine-shade.jpg": (113, PINE, MEADOW, [CREAM, GOLDENROD, FERN], "rings"),
    "goldenrod-field.jpg": (127, GOLDENROD, CREAM, [MEADOW, FERN, CLAY], "circles"),
    "river-bend.jpg": (131, SKY, FERN, [CREAM, MEADOW, PINE], "waves"),
    "orchard-dusk.jpg": (149, CLAY, SKY, [CREAM, GOLDENROD, FERN], "circles"),
    "shore-dunes.jpg": (157, CREAM, SKY, [GOLDENROD, MEADOW, FERN], "rings"),
}

# file name → (what it is, brand colour, mark, text); logos are white on transparent, for the header.
BRANDS = {
    "harborlight": ((31, 95, 107), "waves", "Harborlight Health"),
    "garden-state": ((47, 93, 58), "hills", "Garden State Ketamine Care"),
}
LOGO_HEIGHT = 120  # shown 40 pixels tall: sharp on screens of up to three times the density
FAVICON_SIZE = 256


def logo_name(brand: str) -> str:
    return f"{brand}-logo.png"


def favicon_name(brand: str) -> str:
    return f"{brand}-favicon.png"


# --------------------------------------------------------------------------------------------
# Article images
# --------------------------------------------------------------------------------------------


def gradient(start, end) -> Image.Image:
    """A diagonal gradient from the top-left colour to the bottom-right one."""
    vertical = Image.linear_gradient("L").resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    horizontal = Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    mask = ImageChops.add(vertical, horizontal, scale=2.0)
    return Image.composite(Image.new("RGB", (WIDTH, HEIGHT), end), Image.new("RGB", (WIDTH, HEIGHT), start), mask)


def paint(picture: Image.Image, colour, opacity: float, blur: int, draw_shapes) -> None:
    """Paint shapes in one colour through a blurred mask, so soft edges fade into the background.

    ``draw_shapes(draw, alpha, scale)`` draws in full-size coordinates multiplied by ``scale``. The
    mask is blurred three times (a rounder fall-off than one wide blur) and scaled up smoothly.
    """
    size = (round(WIDTH * MASK_SCALE), round(HEIGHT * MASK_SCALE))
    mask = Image.new("L", size, 0)
    draw_shapes(ImageDraw.Draw(mask), round(255 * opacity), MASK_SCALE)
    for _ in range(3):
        mask = mask.filter(ImageFilter.GaussianBlur(blur * MASK_SCALE / 2))
    picture.paste(colour, mask=mask.resize(picture.size, Image.Resampling.BICUBIC))


def circles(picture: Image.Image, rng: random.Random, accents) -> None:
    # A radial fall-off (1 at the centre, 0 at the rim) stays perfectly round at any size.
    def smooth(v: int) -> int:
        x = max(0.0, 1 - v / 181)  # radial_gradient is 181 at the middle of each edge
        return round(255 * x * x * (3 - 2 * x))

    falloff = Image.radial_gradient("L").point(smooth)
    for _ in range(7):
        radius = rng.randint(160, 420)
        x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        blob = falloff.resize((2 * radius, 2 * radius), Image.Resampling.BICUBIC).point(lambda v: round(v * 0.6))
        mask = Image.new("L", picture.size, 0)
        mask.paste(blob, (x - radius, y - radius))
        picture.paste(rng.choice(accents), mask=mask)


def rings(picture: Image.Image, rng: random.Random, accents) -> None:
    cx, cy = rng.randint(WIDTH // 3, 2 * WIDTH // 3), rng.randint(HEIGHT // 3, 2 * HEIGHT // 3)
    for step in range(9):
        radius = 90 + step * 85
        box = (cx - radius, cy - radius, cx + radius, cy + radius)
        paint(
            picture,
            accents[step % 3],
            0.45,
            8,
            lambda draw, alpha, s, box=box: draw.ellipse([v * s for v in box], outline=alpha, width=round(18 * s)),
        )


def waves(picture: Image.Image, rng: random.Random, accents) -> None:
    for index in range(4):
        base = HEIGHT * (0.45 + index * 0.13)
        amplitude = rng.randint(25, 60)
        length = rng.randint(500, 900)
        phase = rng.random() * math.tau
        xs = range(0, WIDTH + 20, 20)
        points = [(x, base + amplitude * math.sin(x / length * math.tau + phase)) for x in xs]
        outline = [*points, (WIDTH, HEIGHT), (0, HEIGHT)]
        paint(
            picture,
            accents[index % len(accents)],
            0.5,
            5,
            lambda draw, alpha, s, p=outline: draw.polygon([(x * s, y * s) for x, y in p], fill=alpha),
        )


STYLES = {"circles": circles, "rings": rings, "waves": waves}


def article_image(seed: int, start, end, accents, style: str) -> bytes:
    rng = random.Random(seed)  # noqa: S311 - decoration, not security  # nosec B311
    picture = gradient(start, end)
    STYLES[style](picture, rng, accents)
    for quality in (82, 75, 68, 60):
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        if out.tell() < MAX_BYTES:
            break
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Logos and favicons
# --------------------------------------------------------------------------------------------

SUPERSAMPLE = 4  # drawn four times larger and scaled down: smooth edges


def draw_mark(picture: Image.Image, box: tuple[float, float, float, float], mark: str, colour) -> None:
    """The brand's round mark in ``colour``: a ring holding two waves, or a sun over two hills."""
    draw = ImageDraw.Draw(picture)
    left, top, right, bottom = box
    size = right - left
    line = max(1, round(size * 0.07))
    draw.ellipse(box, outline=colour, width=line)
    cx, cy, r = (left + right) / 2, (top + bottom) / 2, size / 2 - line * 1.6
    if mark == "waves":
        for offset in (-0.12, 0.22):
            y0 = cy + offset * size
            points = [
                (cx + r * t, y0 + size * 0.07 * math.sin(t * math.pi * 1.5))
                for t in (i / 40 - 1 for i in range(0, 81))
                if (cx + r * t - cx) ** 2 + (y0 - cy) ** 2 < r * r
            ]
            draw.line(points, fill=colour, width=line, joint="curve")
    else:
        sun, sx, sy = size * 0.1, cx + size * 0.15, cy - size * 0.14
        draw.ellipse((sx - sun, sy - sun, sx + sun, sy + sun), fill=colour)
        hills = Image.new("L", picture.size, 0)
        shapes = ImageDraw.Draw(hills)
        shapes.ellipse((cx - r * 1.8, cy + size * 0.06, cx + r * 0.6, cy + size * 0.6), fill=255)
        shapes.ellipse((cx - r * 0.4, cy + size * 0.16, cx + r * 2.0, cy + size * 0.7), fill=255)
        disc = Image.new("L", picture.size, 0)
        ImageDraw.Draw(disc).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
        picture.paste(colour, mask=ImageChops.multiply(hills, disc))


def logo(brand: str) -> bytes:
    """A wide logo: the mark and the brand's name, white on a transparent background."""
    _colour, mark, text = BRANDS[brand]
    height = LOGO_HEIGHT * SUPERSAMPLE
    font = ImageFont.load_default(size=round(height * 0.42))
    text_width = math.ceil(font.getlength(text))
    gap = round(height * 0.22)
    width = height + gap + text_width + round(height * 0.05)
    picture = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    inset = height * 0.06
    draw_mark(picture, (inset, inset, height - inset, height - inset), mark, (255, 255, 255, 255))
    ImageDraw.Draw(picture).text((height + gap, height / 2), text, font=font, fill=(255, 255, 255, 255), anchor="lm")
    small = picture.resize((round(width / SUPERSAMPLE), LOGO_HEIGHT), Image.Resampling.LANCZOS)
    return _png(small)


def favicon(brand: str) -> bytes:
    """A square icon: the white mark on a rounded square of the brand colour."""
    colour, mark, _text = BRANDS[brand]
    size = FAVICON_SIZE * SUPERSAMPLE
    picture = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size * 0.2, fill=(*colour, 255))
    inset = size * 0.16
    draw_mark(picture, (inset, inset, size - inset, size - inset), mark, (255, 255, 255, 255))
    return _png(picture.resize((FAVICON_SIZE, FAVICON_SIZE), Image.Resampling.LANCZOS))


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


@functools.cache
def picture_bytes(name: str) -> bytes:
    """One picture's bytes, drawn once per process (a test run seeds many times)."""
    for brand in BRANDS:
        if name == logo_name(brand):
            return logo(brand)
        if name == favicon_name(brand):
            return favicon(brand)
    return article_image(*IMAGES[name])


def all_names() -> list[str]:
    return [*IMAGES, *(logo_name(brand) for brand in BRANDS), *(favicon_name(brand) for brand in BRANDS)]


def write_images(folder: Path) -> list[Path]:
    """Write every demo picture into ``folder`` (created if needed); the same bytes on every call."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in all_names():
        path = folder / name
        path.write_bytes(picture_bytes(name))
        paths.append(path)
    return paths


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "data" / "demo-images"
    for path in write_images(folder):
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
