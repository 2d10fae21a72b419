"""Make the headline font: Newsreader 600 at optical size 36, Latin subset, one WOFF2.

Run by hand when the font or the character set changes; its output is committed:

    npm install --prefix /tmp/fonts @fontsource-variable/newsreader@5.3.0
    pip install fonttools brotli
    python scripts/subset_font.py /tmp/fonts/node_modules/@fontsource-variable/newsreader/files

The package ships the variable font (weight and optical-size axes) split into unicode-range
subsets; this instances each subset at one weight and size, keeps the characters below and
merges them, so one small file serves headlines and Pillow's social cards alike.
"""

import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from newsroom.brand import FONT as OUTPUT  # noqa: E402
from newsroom.brand import FONT_CHARACTERS  # noqa: E402

AXES = {"wght": 600, "opsz": 36}
FEATURES = ["kern", "liga", "lnum", "pnum", "onum"]


def instance_subset(path):
    font = instancer.instantiateVariableFont(TTFont(path), AXES)
    options = subset.Options()
    options.layout_features = FEATURES
    options.notdef_outline = True
    cmap = font.getBestCmap()
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for c in sorted(FONT_CHARACTERS) if c in cmap])
    subsetter.subset(font)
    font.flavor = None
    buffer = io.BytesIO()
    font.save(buffer)
    buffer.seek(0)
    return buffer


def main(files):
    parts = [instance_subset(Path(files) / f"newsreader-{name}-opsz-normal.woff2")
             for name in ("latin", "latin-ext")]  # fmt: skip
    font = Merger().merge(parts)
    font.flavor = "woff2"
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUTPUT)
    print(f"{OUTPUT.relative_to(ROOT)}: {OUTPUT.stat().st_size} bytes, "
          f"{len(font.getBestCmap())} characters")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1])
