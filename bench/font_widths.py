"""Writes `src/orgmodel/layout/font_widths.py`, the font metrics orgmodel sizes cards with
(DESIGN §4), so that the same input gives the same DOT on every machine.

Two sources, both read here and never at run time:
- the advance widths of Liberation Sans 2.x Regular and Bold (Debian's `fonts-liberation2`,
  metric-compatible with Helvetica and Arial: its ASCII widths are Adobe's Helvetica AFM widths
  within 1/1000 em), the font `dot` draws Latin, Greek, Cyrillic and Hebrew text in;
- for every other character, what `dot` itself draws (pango, with Debian's fonts and
  `fonts-noto-cjk`): the widest character of each 128-code-point block, wide (East Asian W/F),
  narrow and marks apart, at 14 pt bold and 10 pt regular, a missing glyph's box included.

Run by hand after a font or Graphviz change (needs `pip install fonttools`, Graphviz and the
fonts): `python bench/font_widths.py`, then `ruff format` and review the diff.
"""

from __future__ import annotations

import math
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-not-found, unused-ignore]

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "orgmodel" / "layout" / "font_widths.py"
LIBERATION = Path("/usr/share/fonts/truetype/liberation2")
FONTNAME = "Arial"  # as the renderer names it (see orgmodel.layout.measure.FONTNAME)
BLOCK = 128
REPEAT = 10  # characters per measured label: dot rounds a label's width to whole points
ZWNJ = "\u200c"  # keeps joining scripts (Arabic) apart, so isolated forms are measured too
ZERO_WIDTH = {"Mn", "Me", "Cf"}
NOT_TEXT = {"Cn", "Cs", "Co", "Cc", "Zl", "Zp"}
# Astral characters measured for the one estimate they share (emoji, CJK extension B, scripts).
ASTRAL_SAMPLES = (
    (0x10000, 0x100FF),
    (0x1D400, 0x1D4FF),
    (0x1F300, 0x1F6FF),
    (0x1F900, 0x1F9FF),
    (0x20000, 0x200FF),
    (0x2F800, 0x2F8FF),
)
LINE = 96  # characters in a row of the generated tables
PER_ROW = 6  # blocks in a row
# The ranges taken from Liberation Sans: Latin (with Vietnamese), Greek, Cyrillic, Hebrew,
# punctuation and currency; its other characters (polytonic Greek, phonetics, symbols) are
# measured with the rest, by block.
FROM_LIBERATION = (
    (0x0020, 0x052F),
    (0x0590, 0x05FF),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
)
# Blocks of a script a font draws whose letters differ much in width (Arabic, in DejaVu Sans):
# each character's own measure, not the block's widest.
EACH_CHARACTER = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF))


def advances(path: Path) -> dict[int, int]:
    font = TTFont(path)
    metrics = font["hmtx"].metrics
    assert font["head"].unitsPerEm == 2048
    return {
        cp: metrics[glyph][0]
        for cp, glyph in font.getBestCmap().items()
        if any(a <= cp <= b for a, b in FROM_LIBERATION)
    }


def kind(cp: int) -> str | None:
    """How a character is measured: "mark" (drawn on the character before it, or not at all),
    "wide" (East Asian wide or fullwidth), "narrow", or None (not text)."""
    char = chr(cp)
    category = unicodedata.category(char)
    if category in NOT_TEXT:
        return None
    if category in ZERO_WIDTH:
        return "mark"
    return "wide" if unicodedata.east_asian_width(char) in ("W", "F") else "narrow"


def label_widths(texts: list[str]) -> list[tuple[float, float]]:
    """Each text's width in em as `dot` draws it, bold at 14 pt and regular at 10 pt (the
    label's width: whole points, plus one, so never less than the text's)."""
    labels = []
    for text in texts:
        labels.append(f"<B>{text}</B>")
        labels.append(f'<FONT POINT-SIZE="10">{text}</FONT>')
    source = [
        f'digraph {{ node [shape=box fontname="{FONTNAME}" margin=0 width=0.01 height=0.01'
        ' pos="0,0"];'
    ]
    source += [f"n{i} [label=<{label}>];" for i, label in enumerate(labels)]
    source.append("}")
    done = subprocess.run(
        ["neato", "-n2", "-Tplain"],
        input="\n".join(source).encode(),
        capture_output=True,
        check=True,
    )
    points = {
        int(fields[1][1:]): float(fields[4]) * 72
        for fields in (line.split(maxsplit=5) for line in done.stdout.decode().splitlines())
        if fields[0] == "node"
    }
    return [(points[2 * i] / 14, points[2 * i + 1] / 10) for i in range(len(texts))]


def base_for(mark: str) -> str:
    """The letter a mark is measured on: the first letter of its block, so that the font that
    draws the block's letters draws the mark ("a" in a block of marks only)."""
    first = ord(mark) // BLOCK * BLOCK
    for cp in range(first, first + BLOCK):
        if unicodedata.category(chr(cp)) == "Lo":
            return chr(cp)
    return "a"


TATWEEL = "\u0640"  # joins to the letters on either side: its width is known, and taken off


def forms(char: str) -> list[str]:
    """The texts a character is measured in, each REPEAT times: joined to itself, alone, and
    (in a joining script) as an initial and a final form next to a tatweel."""
    texts = [char * REPEAT, (char + ZWNJ) * REPEAT]
    if any(a <= ord(char) <= b for a, b in EACH_CHARACTER):
        texts += [(char + TATWEEL + ZWNJ) * REPEAT, (TATWEEL + char + ZWNJ) * REPEAT]
    return texts


def widths(chars: list[str]) -> dict[str, tuple[float, float]]:
    """Each character's widest advance in em as `dot` draws it in any of its `forms`, bold and
    regular. A mark
    is measured on a letter (`base_for`): the label's width less that of the letters alone,
    and a point more for the rounding of both to whole points (a mark a font draws takes no
    room: 0.01 em)."""
    texts: list[list[str]] = []
    for char in chars:
        if kind(ord(char)) == "mark":
            texts.append([(base_for(char) + char) * REPEAT, base_for(char) * REPEAT])
        else:
            texts.append(forms(char))
    measured = iter(label_widths([text for group in texts for text in group]))
    (tatweel,) = label_widths([TATWEEL * REPEAT])
    found = {}
    for char, group in zip(chars, texts, strict=True):
        ems = [next(measured) for _ in group]
        weights = []
        for weight in (0, 1):  # bold, regular
            if kind(ord(char)) == "mark":
                on, base = ems
                widest = max(on[weight] - base[weight], 0.0) + 1 / 10
            else:
                alone = [form[weight] for form in ems[:2]]
                joined = [form[weight] - tatweel[weight] for form in ems[2:]]
                widest = max(*alone, *joined)
            weights.append(widest / REPEAT)
        found[char] = (weights[0], weights[1])
    return found


def in_batches(chars: list[str], size: int = 20000) -> Iterator[list[str]]:
    for start in range(0, len(chars), size):
        yield chars[start : start + size]


Estimates = dict[int, dict[str, float]]  # block → kind → em


def widest_by_block(
    liberation: set[int],
) -> tuple[Estimates, float, dict[int, int], dict[int, int]]:
    """The widest character of each kind in each block, the widest astral one, and the
    characters of EACH_CHARACTER in 1/100 em, bold and regular."""
    chars = [
        chr(cp)
        for cp in range(0x80, 0x10000)
        if (found := kind(cp)) == "mark" or (found is not None and cp not in liberation)
    ]
    astral = [chr(cp) for a, b in ASTRAL_SAMPLES for cp in range(a, b + 1) if kind(cp)]
    measured: dict[str, tuple[float, float]] = {}
    for batch in in_batches(chars + astral):
        measured.update(widths(batch))
        print(f"measured {len(measured)} of {len(chars) + len(astral)}", file=sys.stderr)
    blocks: Estimates = {}
    for char in chars:
        block = blocks.setdefault(ord(char) // BLOCK, {"narrow": 0.0, "wide": 0.0, "mark": 0.0})
        found = kind(ord(char))
        assert found is not None
        block[found] = max(block[found], ceil_hundredths(max(measured[char])))
    each = [char for char in chars if any(a <= ord(char) <= b for a, b in EACH_CHARACTER)]
    bold, regular = (
        {ord(char): round(ceil_hundredths(measured[char][weight]) * 100) for char in each}
        for weight in (0, 1)
    )
    astral_em = ceil_hundredths(max(max(measured[char]) for char in astral))
    return blocks, astral_em, bold, regular


def ceil_hundredths(em: float) -> float:
    return math.ceil(em * 100 - 1e-9) / 100


def rows(table: dict[int, int]) -> Iterable[str]:
    """`XXXX w w*n …`: a first code point (hex), then the widths of it and the code points after
    it, `w*n` for n code points in a row of width w; a gap in the font starts a new row."""
    row: list[str] = []
    first = previous = -2
    for cp in sorted(table):
        if cp != previous + 1 or len(" ".join(row)) > LINE - 10:
            if row:
                yield " ".join(row)
            first, row = cp, [f"{cp:04X}"]
        if cp != first and table[cp] == table[previous]:
            width, _, count = row[-1].partition("*")
            row[-1] = f"{width}*{int(count or 1) + 1}"
        else:
            row.append(str(table[cp]))
        previous = cp
    if row:
        yield " ".join(row)


def main() -> None:
    regular = advances(LIBERATION / "LiberationSans-Regular.ttf")
    bold = advances(LIBERATION / "LiberationSans-Bold.ttf")
    assert regular.keys() == bold.keys()
    blocks, astral, each_bold, each_regular = widest_by_block(set(regular))
    entries = [
        f"{block * BLOCK:04X}:{found['narrow']:g}:{found['wide']:g}:{found['mark']:g}"
        for block, found in sorted(blocks.items())
    ]
    block_rows = "\n".join(
        " ".join(entries[i : i + PER_ROW]) for i in range(0, len(entries), PER_ROW)
    )
    newline = "\n"
    OUTPUT.write_text(
        f'''"""Font metrics for sizing cards (DESIGN §4). Generated by `bench/font_widths.py` from
Liberation Sans 2.x and from what `dot` 2.43 (pango) draws with Debian's fonts and
`fonts-noto-cjk`; do not edit by hand, run the script."""

# Advance widths in 1/2048 em (Liberation Sans units) of its Latin, Greek, Cyrillic, Hebrew,
# punctuation and currency: each row is a first code point (hex) and the widths of it and the
# code points after it, `w*n` for n in a row of width w.
UNITS_PER_EM = 2048
REGULAR = """
{newline.join(rows(regular))}
"""
BOLD = """
{newline.join(rows(bold))}
"""

# Every other character: the widest one `dot` draws in its 128-code-point block, in em, as
# `first:narrow:wide:mark` (East Asian narrow and wide/fullwidth characters and combining marks
# or format characters apart; 0 where the block has none), bold 14 pt and regular 10 pt alike.
# A glyph no font has is drawn as a box of its code in hex, a mark too: that is in the figures.
BLOCK_SIZE = {BLOCK}
BLOCKS = """
{block_rows}
"""
# Characters past U+FFFF: the widest of a sample (emoji, CJK extension B, mathematical letters).
ASTRAL_EM = {astral:g}
# Arabic, whose letters a block's widest would overstate by half: each character's own width
# as `dot` draws it, joined or alone, in 1/100 em, in rows as above.
MEASURED_UNITS_PER_EM = 100
MEASURED_REGULAR = """
{newline.join(rows(each_regular))}
"""
MEASURED_BOLD = """
{newline.join(rows(each_bold))}
"""
''',
        encoding="utf-8",
    )
    print(f"wrote {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
