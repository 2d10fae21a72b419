"""Make the brand mark's icon set from the headline font: a white Newsreader "N" on desk red.

Run by hand after changing the mark or the colours; its output is committed under
static/img/: favicon.svg, favicon.ico (16, 32, 48), apple-touch-icon.png (180),
icon-192.png, icon-512.png, icon-maskable-512.png and the 1200x630 default social image.
Needs fonttools (for the SVG outline) besides Pillow.
"""

import sys
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from newsroom.brand import FONT, INK, RED  # noqa: E402

OUT = ROOT / "static" / "img"
WHITE = "#ffffff"


def mark(size, padding=0.0, radius=0.16):
    """The mark as a square image; ``padding`` is the share of the side kept free (maskable)."""
    scale = 4  # draw large, then shrink, for smooth edges
    side = size * scale
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if padding:
        draw.rectangle([0, 0, side, side], fill=RED)
    else:
        draw.rounded_rectangle([0, 0, side - 1, side - 1], radius=side * radius, fill=RED)
    inner = side * (1 - 2 * padding)
    font = ImageFont.truetype(str(FONT), round(inner * 0.78))
    draw.text((side / 2, side / 2 + inner * 0.02), "N", font=font, fill=WHITE, anchor="mm")
    return image.resize((size, size), Image.LANCZOS)


def social_default():
    """The share image of pages without one of their own, until editors upload theirs."""
    image = Image.new("RGB", (1200, 630), INK)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 23, 629], fill=RED)
    badge = mark(240)
    image.paste(badge, ((1200 - 240) // 2, (630 - 240) // 2), badge)
    return image


def svg_mark():
    font = TTFont(FONT)
    glyphs = font.getGlyphSet()
    name = font.getBestCmap()[ord("N")]
    glyph = glyphs[name]
    upm = font["head"].unitsPerEm
    cap = font["OS/2"].sCapHeight
    scale = 32 * 0.78 / upm
    pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.2f}".rstrip("0").rstrip("."))
    # Centre the glyph: x by its advance, y by the cap height; SVG's y axis points down.
    dx = (32 - glyph.width * scale) / 2
    dy = (32 + cap * scale) / 2
    glyph.draw(TransformPen(pen, (scale, 0, 0, -scale, dx, dy)))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="5" fill="{RED}"/>'
        f'<path fill="{WHITE}" d="{pen.getCommands()}"/></svg>\n'
    )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(svg_mark())
    mark(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    # iOS draws its own rounded corners on a full square.
    mark(180, padding=0.08).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    mark(192).save(OUT / "icon-192.png", optimize=True)
    mark(512).save(OUT / "icon-512.png", optimize=True)
    # The publisher logo search engines get when editors have uploaded none.
    mark(512).save(OUT / "logo.png", optimize=True)
    # Maskable: the safe zone is the central 80 %, so the letter keeps to it.
    mark(512, padding=0.1).convert("RGB").save(OUT / "icon-maskable-512.png", optimize=True)
    social_default().save(OUT / "social-default.jpg", quality=85, optimize=True, progressive=True)
    for path in sorted(OUT.glob("*")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
