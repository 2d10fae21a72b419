"""
The brand in one place for Python: the headline font and the colours that
static/css/site.css also uses, for the social cards and the icon set.
"""

from pathlib import Path

FONT = Path(__file__).resolve().parent.parent / "static" / "fonts" / "newsreader-600.woff2"
# The characters the font file holds (scripts/subset_font.py keeps these): Basic Latin,
# Latin-1, Latin Extended-A, general punctuation, the euro and trade mark signs, the minus.
FONT_CHARACTERS = frozenset(
    [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2000, 0x2070),
     0x131, 0x152, 0x153, 0x2C6, 0x2DA, 0x2DC, 0x20AC, 0x2122, 0x2212]
)  # fmt: skip

INK = "#1b1a17"
PAPER = "#fffdf9"
RED = "#b3121f"
SOFT_RED = "#ff8a80"  # the accent on dark backgrounds
RULE = "#4a4741"
