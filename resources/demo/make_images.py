"""Make the demo articles' featured images: calm abstract gradients, soft circles and waves.

Run from the checkout with ``.venv/bin/python resources/demo/make_images.py``; it rewrites the JPEGs
in ``resources/demo/images/`` (1600x900, under 150 KB each). Every image comes from a fixed seed, so
running it again on the same Pillow version gives the same pictures. The images are committed; the
demo import (``manage.py seed_demo``) only reads them.
"""

import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900
MAX_BYTES = 150 * 1024
OUT = Path(__file__).resolve().parent / "images"

# Harborlight's palette: deep and soft teals, sea glass, sand and warm shell.
TEAL_DEEP = (18, 78, 84)
TEAL = (42, 122, 124)
SEA_GLASS = (142, 196, 186)
MIST = (214, 232, 226)
SAND = (226, 205, 168)
SHELL = (243, 231, 212)
DUSK = (96, 132, 150)

# name → (seed, top-left colour, bottom-right colour, accent colours, style)
IMAGES = {
    "harbor-dawn": (11, SHELL, SEA_GLASS, [SAND, TEAL, MIST], "waves"),
    "quiet-tide": (23, MIST, TEAL, [SEA_GLASS, SHELL, TEAL_DEEP], "circles"),
    "sand-and-sea-glass": (37, SAND, SEA_GLASS, [SHELL, TEAL, MIST], "circles"),
    "evening-shore": (41, DUSK, SAND, [SHELL, SEA_GLASS, TEAL_DEEP], "waves"),
    "still-water": (53, TEAL_DEEP, SEA_GLASS, [MIST, SAND, TEAL], "rings"),
    "morning-light": (67, SHELL, MIST, [SAND, SEA_GLASS, TEAL], "rings"),
}


def gradient(start, end) -> Image.Image:
    """A diagonal gradient from the top-left colour to the bottom-right one."""
    vertical = Image.linear_gradient("L").resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    horizontal = Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    mask = ImageChops.add(vertical, horizontal, scale=2.0)
    return Image.composite(Image.new("RGB", (WIDTH, HEIGHT), end), Image.new("RGB", (WIDTH, HEIGHT), start), mask)


def paint(picture: Image.Image, colour, opacity: float, blur: int, draw_shapes) -> None:
    """Paint shapes in one colour through a blurred mask, so soft edges fade into the background.

    The mask is drawn at twice the size, blurred and scaled down: smooth edges, and a large blur
    stays round (Pillow's Gaussian blur is a box-blur approximation that turns square when wide).
    """
    scale = 2
    mask = Image.new("L", (WIDTH * scale, HEIGHT * scale), 0)
    draw_shapes(ImageDraw.Draw(mask), round(255 * opacity), scale)
    for _ in range(3):
        mask = mask.filter(ImageFilter.GaussianBlur(blur * scale / 2))
    picture.paste(colour, mask=mask.resize(picture.size, Image.Resampling.LANCZOS))


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
            lambda draw, alpha, s, box=box: draw.ellipse([v * s for v in box], outline=alpha, width=18 * s),
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


def make(name: str, seed: int, start, end, accents, style: str) -> Path:
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    picture = gradient(start, end)
    STYLES[style](picture, rng, accents)
    path = OUT / f"{name}.jpg"
    for quality in (82, 75, 68, 60):
        picture.save(path, "JPEG", quality=quality, optimize=True, progressive=True)
        if path.stat().st_size < MAX_BYTES:
            break
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (seed, start, end, accents, style) in IMAGES.items():
        path = make(name, seed, start, end, accents, style)
        print(f"{path.relative_to(OUT.parent)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
