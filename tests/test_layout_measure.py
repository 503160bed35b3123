"""Text measurement and cards (orgmodel.layout.measure), held against what the system `dot`
draws: no card is smaller than its text as `dot` sizes it, Latin text is not much smaller than
its card, and Chinese, Japanese and Korean names are drawn with real glyphs."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from orgmodel.graph.model import Line
from orgmodel.layout.fonts import DETAIL_POINTS as TEXT_SIZE
from orgmodel.layout.fonts import FONT as FONTNAME
from orgmodel.layout.fonts import NAME_POINTS as BOLD_SIZE
from orgmodel.layout.measure import (
    ELLIPSIS,
    LABEL_ROUNDING,
    NODE_ATTRIBUTES,
    PADDING_X,
    PADDING_Y,
    card,
    natural_width,
    text_height,
    text_width,
    wrap,
)
from orgmodel.layout.model import Card
from orgmodel.render.dot import card_lines

from conftest import CASES, REALWORLD, REPO, needs_cjk_font

DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(DOT is None, reason="Graphviz's dot is not installed")


# Names and titles in the scripts orgs are written in, with digits, punctuation, marks and
# joiners; the example and real-world orgs add thousands more.
SCRIPTS = (
    "张伟",
    "王芳 (技术总监)",
    "通义实验室 · 后训练",
    "林俊旸",
    "田中 太郎",
    "やまだ はなこ",
    "カタカナ・ソフトウェア",
    "ｶﾀｶﾅ ﾊﾝｶｸ",
    "김민준",
    "이서연 팀장",
    "محمد علي",
    "فاطمة الزهراء",
    "مهندس نرم‌افزار",
    "عبد الرحمن بن خالد",
    "عائشة الإدريسي",
    "مُحَمَّد",
    "سید مصطفی حسینی",
    "فاطمه‌زهرا رضایی",
    "عمران خان",
    "لا إله",
    "يوسف ٢٠٢٤",
    "Иван Петров",
    "Жанна Щукина-Шевчук",
    "Їжак Ґудзик",
    "Ελένη Παπαδοπούλου",
    "ΨΩΦ Ξένια",
    "דוד כהן",
    "राजेश कुमार",
    "สมชาย ใจดี",
    "Nguyễn Thị Minh Khai",
    "Łukasz Żółć-Wójcik",
    "Müller-Lüdenscheidt",
    "Ærøskøbing Þórður",
    "José García",
    "Jose\u0301 Garci\u0301a",
    "\u0301Stray \u0308mark",  # a mark with no letter is drawn on a dotted circle
    "\u064eعلي \u0651حسن",
    "İstanbul Şişli",
    "Zoë O'Brien-D'Souza",
    "Team 🚀 Rocket",
    'R&D <core> "quoted"',
    "1234567890",
    "#$%&*+-=@^_|~",
    "WWWWWWWWWWWW",
    "iiiiiiiiiiiiiiiiiiii",
    "MMMM mmmm",
    "VP, Engineering & Operations (EMEA)",
    "Senior Staff Software Engineer, Developer Productivity",
)


# Every two-letter Arabic and Persian word: each letter in its initial and final forms, the
# widest of a joining script.
ARABIC_LETTERS = [chr(cp) for cp in range(0x0621, 0x064B)] + list("پچژگکی")
ARABIC_PAIRS = [a + b for a in ARABIC_LETTERS for b in ARABIC_LETTERS]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _corpus() -> list[str]:
    """Every string of the example orgs, the Rust teams and the real-world orgs, and SCRIPTS."""
    found = {*SCRIPTS, *ARABIC_PAIRS}
    sources = [
        *REPO.glob("orgs/*.yaml"),
        *CASES.glob("diff/rust-*/*.yaml"),
        *REALWORLD.glob("**/*.yaml"),
    ]
    for path in sources:
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            found.update(_strings(document))
    for path in REALWORLD.glob("**/*.csv"):
        with path.open(encoding="utf-8", errors="replace", newline="") as rows:
            for row in csv.reader(rows):
                found.update(row)
    return sorted(s for text in found if 0 < len(s := text.strip()) <= 100)


def _label(lines: Sequence[Line]) -> str:
    return card_lines(tuple(lines))  # exactly the markup the renderers draw


def _layout(nodes: Sequence[str], node_defaults: str) -> subprocess.CompletedProcess[str]:
    """Sizes of `nodes` (attribute lists) as `dot` makes them, each at the origin (`-n2`: no
    layout), in `-Tplain`."""
    source = [f'digraph {{ node [fontname="{FONTNAME}" pos="0,0" {node_defaults}];']
    source += [f"n{i} [{attributes}];" for i, attributes in enumerate(nodes)]
    source.append("}")
    assert DOT is not None
    return subprocess.run(
        [DOT, "-Kneato", "-n2", "-Tplain"],
        input="\n".join(source),
        capture_output=True,
        text=True,
        check=True,
    )


def _natural_sizes(labels: Sequence[str], margin: str) -> list[tuple[float, float]]:
    """Each HTML-like label's node size, in points, as `dot` sizes it itself (no fixed size,
    no minimum width or height)."""
    nodes = [f"label=<{label}>" for label in labels]
    done = _layout(nodes, f'shape=box margin="{margin}" width=0.01 height=0.01')
    sizes = {}
    for line in done.stdout.splitlines():
        fields = line.split(maxsplit=6)
        if fields[0] == "node":
            sizes[int(fields[1][1:])] = (float(fields[4]) * 72, float(fields[5]) * 72)
    return [sizes[i] for i in range(len(labels))]


def _is_latin(text: str) -> bool:
    """Latin letters, with marks on them (a mark with no letter is counted as a dotted circle,
    which pango does not always draw: not held to the waste bound)."""
    marks_on_letters = all(
        not unicodedata.combining(c) or (i and text[i - 1] != " ") for i, c in enumerate(text)
    )
    return marks_on_letters and all(ord(c) < 0x250 or unicodedata.combining(c) for c in text)


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return _corpus()


def test_the_corpus_holds_every_script_and_the_real_orgs(corpus: list[str]) -> None:
    assert len(corpus) > 3000
    assert {"Robin Khan", "Steve Egan", "Wu Yongming"} <= set(corpus)
    assert set(SCRIPTS) <= set(corpus)


@needs_dot
@needs_cjk_font
@pytest.mark.parametrize(("bold", "size"), [(True, BOLD_SIZE), (False, TEXT_SIZE)])
def test_text_is_never_wider_than_measured_and_latin_not_much_narrower(
    corpus: list[str], bold: bool, size: float
) -> None:
    lines = [Line(text, bold) for text in corpus]
    drawn = _natural_sizes([card_lines((line,)) for line in lines], "0")
    too_small, wasteful = [], []
    for text, (width, _) in zip(corpus, drawn, strict=True):
        estimate = text_width(text, bold=bold, size=size) + LABEL_ROUNDING
        if estimate < width - 0.01:  # dot's -Tplain writes inches to 5 decimals
            too_small.append((text, estimate, width))
        # Latin: at most 10% over, and a point more for Graphviz's rounding to whole points.
        if _is_latin(text) and estimate > 1.10 * width + 1:
            wasteful.append((text, estimate, width))
        # Arabic names: measured letter by letter, at most 60% over (ligatures are narrower).
        if text in SCRIPTS and _is_arabic(text) and estimate > 1.6 * width + 1:
            wasteful.append((text, estimate, width))
    assert not too_small, too_small[:20]
    assert not wasteful, wasteful[:20]


def _cards(corpus: list[str]) -> list[Card]:
    """Cards as the chart makes them: a bold name, a title or two, at a few widths."""
    cards = []
    for i, name in enumerate(corpus):
        title, unit = corpus[(i * 7 + 3) % len(corpus)], corpus[(i * 13 + 5) % len(corpus)]
        lines = [Line(name, True), Line(title), Line(unit)][: 1 + i % 3]
        width = (natural_width(lines), 120.0, 160.0, 220.0)[i % 4]
        cards.append(card(lines, width))
    return cards


@needs_dot
@needs_cjk_font
def test_a_card_holds_its_text_as_dot_sizes_it(corpus: list[str]) -> None:
    cards = _cards(corpus)
    margin = NODE_ATTRIBUTES["margin"]
    drawn = _natural_sizes([_label(c.lines) for c in cards], margin)
    small = [
        (c.lines, c.size, size)
        for c, size in zip(cards, drawn, strict=True)
        if c.size.width < size[0] - 0.01 or c.size.height < size[1] - 0.01
    ]
    assert not small, small[:10]


@needs_dot
@needs_cjk_font
def test_dot_finds_every_card_big_enough_at_its_fixed_size(corpus: list[str]) -> None:
    cards = _cards(corpus)
    attributes = " ".join(f'{key}="{value}"' for key, value in NODE_ATTRIBUTES.items())
    nodes = [
        f'label=<{_label(c.lines)}> width="{c.size.width / 72}" height="{c.size.height / 72}"'
        for c in cards
    ]
    done = _layout(nodes, attributes)
    assert "too small" not in done.stderr, done.stderr[:2000]


def test_the_node_margin_is_the_padding_cards_are_sized_with() -> None:
    # Graphviz rounds each margin to whole points: the paddings are whole points.
    x, y = (float(v) * 72 for v in NODE_ATTRIBUTES["margin"].split(","))
    assert (round(x), round(y)) == (PADDING_X, PADDING_Y)
    assert PADDING_X.is_integer() and PADDING_Y.is_integer()


# --- widths ----------------------------------------------------------------------------------


def test_widths_follow_helvetica_metrics() -> None:
    # Helvetica's AFM: W 944/1000 em bold, i 222/1000 regular; hinting adds at most half a pixel.
    assert 0.944 * 14 <= text_width("W", bold=True) <= 0.944 * 14 + 0.375 + 1 / 16
    assert 0.222 * 10 <= text_width("i", size=10) <= 0.222 * 10 + 0.375 + 1 / 16
    assert text_width("Hello", bold=True) > text_width("Hello")
    assert text_width("") == 0


@given(st.text(max_size=30), st.text(max_size=30), st.booleans())
def test_a_text_measures_the_sum_of_its_parts(left: str, right: str, bold: bool) -> None:
    # Unless `right` starts with a mark: alone, it has no letter to be drawn on.
    assume(not (left and not left.endswith(" ") and right and _is_mark(right[0])))
    assert text_width(left + right, bold=bold) == text_width(left, bold=bold) + text_width(
        right, bold=bold
    )


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me")


def test_a_mark_with_no_letter_is_drawn_on_a_dotted_circle() -> None:
    assert text_width("\u0301") >= text_width("\u25cc")
    assert text_width("a \u0301") >= text_width("a \u25cc")
    assert text_width("a\u0301") < text_width("a\u25cc")


def test_ascii_and_the_general_path_agree() -> None:
    # The ASCII fast path is a table of the general path's widths; past 16 pt there is none.
    for size in (10.0, 14.0, 30.0):
        for bold in (False, True):
            text = "Senior Engineer, Platform & Tools (2024)"
            slow = sum(text_width(c, bold=bold, size=size) for c in text)
            assert text_width(text, bold=bold, size=size) == slow
            assert text_width(text + "é", bold=bold, size=size) == slow + text_width(
                "é", bold=bold, size=size
            )


def test_wide_characters_are_an_em_and_marks_nothing() -> None:
    assert text_width("中文", size=10) >= 20
    assert text_width("中文", size=10) <= 21
    assert text_width("한국", size=10) >= 18
    # A mark a font draws on its letter takes no room: what is counted is the measurement's
    # rounding (0.01 em).
    assert 0 <= text_width("e\u0301") - text_width("e") <= 0.25
    assert 0 <= text_width("a\u200db\u200c") - text_width("ab") <= 0.5
    assert text_width("\U0001f680") >= 14  # no emoji font: a box of its hex code


# --- wrap ------------------------------------------------------------------------------------


def test_wrap_keeps_a_line_that_fits() -> None:
    assert wrap("Jane Doe", 200) == ("Jane Doe",)
    assert wrap("  Jane Doe  ", 200) == ("Jane Doe",)
    assert wrap("", 100) == ()


def test_wrap_breaks_at_spaces() -> None:
    lines = wrap("Senior Vice President Engineering", text_width("Senior Vice President"))
    assert lines == ("Senior Vice President", "Engineering")


def test_wrap_drops_the_run_of_spaces_it_breaks_at() -> None:
    width = text_width("Platform")
    assert wrap("Platform    Team", width) == ("Platform", "Team")


def test_wrap_breaks_between_cjk_characters() -> None:
    width = text_width("通义实验")
    assert wrap("通义实验室后训练", width) == ("通义实验", "室后训练")
    assert wrap("AI通义实验室", text_width("AI通义实")) == ("AI通义实", "验室")


def test_wrap_breaks_a_long_word_by_character_but_not_inside_a_character() -> None:
    width = text_width("Donaudampf")
    lines = wrap("Donaudampfschifffahrtsgesellschaft", width, max_lines=4)
    assert lines[0] == "Donaudampf"
    assert "".join(lines) == "Donaudampfschifffahrtsgesellschaft"
    assert all(text_width(line) <= width for line in lines)
    accented = "e\u0301" * 12
    for line in wrap(accented, text_width("e\u0301" * 5), max_lines=5):
        assert not unicodedata.combining(line[0])


def test_wrap_ends_the_last_line_with_an_ellipsis() -> None:
    width = text_width("Senior Vice President")
    lines = wrap("Senior Vice President of Global Engineering Operations", width)
    assert len(lines) == 2
    assert lines[0] == "Senior Vice President"
    assert lines[1].endswith(ELLIPSIS)
    assert lines[1].startswith("of Global")
    assert text_width(lines[1]) <= width
    (only,) = wrap("one two three", text_width("one two"), max_lines=1)
    assert only.startswith("one") and only.endswith(ELLIPSIS)
    assert text_width(only) <= text_width("one two")


def test_wrap_refuses_no_lines() -> None:
    with pytest.raises(ValueError, match="max_lines"):
        wrap("anything", 10, max_lines=0)


WORDS = st.lists(
    st.sampled_from(
        [
            *"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789  -,.'&",
            "é",
            "e\u0301",
            "中",
            "文",
            "한",
            "ж",
            "ω",
            "ش",
            "\u200d",
        ]
    ),
    max_size=80,
).map("".join)


def _reassembles(text: str, lines: tuple[str, ...]) -> bool:
    """Whether `lines` are `text` in order, apart from the spaces at the breaks and a last line
    cut short with an ellipsis."""
    rest = text.strip(" ")
    for index, line in enumerate(lines):
        if index == len(lines) - 1 and line.endswith(ELLIPSIS) and rest != line:
            return rest.startswith(line[: -len(ELLIPSIS)])
        if not rest.startswith(line):
            return False
        rest = rest[len(line) :].lstrip(" ")
    return rest == ""


@settings(max_examples=300, deadline=None)
@given(WORDS, st.floats(min_value=40, max_value=300), st.booleans(), st.integers(1, 4))
def test_wrap_properties(text: str, width: float, bold: bool, max_lines: int) -> None:
    lines = wrap(text, width, bold=bold, max_lines=max_lines)
    assert len(lines) <= max_lines
    assert all(text_width(line, bold=bold) <= width for line in lines)
    assert all(line and line == line.strip(" ") for line in lines)
    assert _reassembles(text, lines), lines


@settings(max_examples=100, deadline=None)
@given(WORDS, WORDS, st.floats(min_value=60, max_value=300))
def test_card_properties(name: str, title: str, width: float) -> None:
    made = card([Line(name, True), Line(title)], width)
    assert made.size.width == width
    room = width - 2 * PADDING_X - LABEL_ROUNDING
    assert all(
        text_width(line.text, bold=line.bold, size=BOLD_SIZE if line.bold else TEXT_SIZE) <= room
        for line in made.lines
    )
    assert sum(line.bold for line in made.lines) <= 2
    assert sum(not line.bold for line in made.lines) <= 2
    assert made.size.height == text_height(made.lines) + 2 * PADDING_Y


def test_a_card_wraps_titles_and_keeps_the_name_bold() -> None:
    made = card(
        [Line("Jane Doe", True), Line("Senior Vice President of Global Engineering Operations")],
        140,
    )
    assert made.lines[0] == Line("Jane Doe", True)
    assert [line.bold for line in made.lines] == [True, False, False]
    assert made.lines[2].text.endswith(ELLIPSIS)
    assert made.size.height == BOLD_SIZE + 2 * TEXT_SIZE + 1 + 2 * PADDING_Y


def test_a_card_draws_control_characters_as_the_renderer_does() -> None:
    made = card([Line("evil\u202ename", True)], 300)
    assert made.lines == (Line("evil<U+202E>name", True),)


def test_natural_width_fits_every_line_unwrapped() -> None:
    lines = [Line("Jane Doe", True), Line("Senior Vice President of Global Engineering")]
    width = natural_width(lines)
    assert card(lines, width).lines == tuple(lines)
    assert len(card(lines, width - 1).lines) == 3


# --- CJK glyphs ------------------------------------------------------------------------------

CJK_ORG = (
    [Line("周靖人", True), Line("通义实验室 负责人")],
    [Line("林俊旸", True), Line("通义千问 技术负责人")],
    [Line("田中 太郎", True), Line("ソフトウェア技術者")],
    [Line("김민준", True), Line("플랫폼 팀장")],
)


def _cjk_chart() -> str:
    """A small chart drawn as the positioned renderer draws it: cards at fixed places, a
    manager above three reports."""
    attributes = " ".join(f'{key}="{value}"' for key, value in NODE_ATTRIBUTES.items())
    places = ((240, -40), (80, -130), (240, -130), (400, -130))
    source = [f'digraph {{ node [fontname="{FONTNAME}" {attributes}];']
    for i, (lines, (x, y)) in enumerate(zip(CJK_ORG, places, strict=True)):
        made = card(lines, 140)
        source.append(
            f'n{i} [label=<{_label(made.lines)}> pos="{x},{y}" '
            f'width="{made.size.width / 72}" height="{made.size.height / 72}"];'
        )
    source += [f"n0 -> n{i};" for i in range(1, len(CJK_ORG))]
    source.append("}")
    return "\n".join(source)


def _render(source: str, fmt: str, env: dict[str, str] | None = None) -> bytes:
    assert DOT is not None
    return subprocess.run(
        [DOT, "-Kneato", "-n2", f"-T{fmt}"],
        input=source.encode(),
        capture_output=True,
        check=True,
        env=env,
    ).stdout


@needs_dot
@needs_cjk_font
def test_a_cjk_chart_is_drawn_with_real_glyphs(tmp_path: Path) -> None:
    source = _cjk_chart()
    svg = _render(source, "svg").decode()
    for lines in CJK_ORG:
        for line in lines:
            assert f">{line.text}</text>" in svg
    png = _render(source, "png")
    assert png == _render(source, "png")  # the same fonts draw the same bytes
    # The same chart where fontconfig knows only DejaVu Sans, which has no CJK glyph: it draws
    # boxes, so a different picture means the CJK font drew the names.
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("no DejaVu fonts to draw the glyph-less comparison with")
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{dejavu}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    without_cjk = _render(source, "png", {**os.environ, "FONTCONFIG_FILE": str(config)})
    assert without_cjk != png
