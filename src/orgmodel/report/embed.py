"""Charts and diff reports embedded in documentation pages: one request (draw an org, or a
reorganisation, from which files, in which format, with the options the CLI takes), read from
a MkDocs fence's body or a Sphinx directive's options, and turned into the page's HTML by one
function, `embed_html`, that every integration goes through.

A fence body is `key: value` lines, the keys named after the CLI's options:

    render: orgs/qianwen-2026.yaml      # or  diff: orgs/before.yaml orgs/after.yaml
    level: units
    format: svg                         # svg (default), mermaid or html; diffs also text,
                                        # markdown

Paths are relative to the folder the integration names (the docs root). Every mistake is a
UsageError located at the line of the body it is on; the integration adds the page's name.

`format: html` is the interactive viewer (`orgmodel.html`) in the page itself, no iframe: a
root element for each chart (its ids under the chart's prefix, so several share a page), and
`page_assets`, the viewer's stylesheet (scoped under that element) and scripts, which a page
carries once, after its first viewer. The standalone page's Content-Security-Policy does not
come with it: the docs site's own policy applies, and one that limits scripts must allow the
viewer's (`orgmodel.html.page.script_hashes`) and inline styles.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from orgmodel.errors import OrgmodelError, UsageError
from orgmodel.formats.registry import Format
from orgmodel.graph.diff import Focus
from orgmodel.graph.options import ChartOptions
from orgmodel.render.limits import Overrun
from orgmodel.structure import Structure

Command = Literal["render", "diff"]

# What each command can be embedded as; any other name is the one "unknown format" error.
EMBED_FORMATS: dict[Command, tuple[Format, ...]] = {
    "render": (Format.svg, Format.mermaid, Format.html),
    "diff": (Format.svg, Format.mermaid, Format.html, Format.markdown, Format.text),
}
_CHOICES: dict[str, tuple[str, ...]] = {
    "level": ("people", "units"),
    "direction": ("TB", "LR", "BT", "RL"),
    "sort": ("file", "name", "headcount"),
    "layout": ("org", "dot"),
}
_FLAGS = ("clusters", "compact", "full")
_NUMBERS = ("depth", "context")
OPTION_KEYS = ("format", "root", *_CHOICES, *_FLAGS, *_NUMBERS)
# Where an SVG names one of its own elements: an id, a link to one, a reference to one.
_SVG_ID = re.compile(r'(\sid="|\s(?:xlink:)?href="#|url\(#)')
_XML_PROLOGUE = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*)*", re.S)


@dataclass(frozen=True)
class Embed:
    """What to draw: a chart of one org (`render`) or a reorganisation (`diff`, two files)."""

    command: Command
    files: tuple[str, ...]
    fmt: Format = Format.svg
    options: ChartOptions = field(default_factory=ChartOptions)
    focus: Focus = field(default_factory=Focus)


def parse_fence(body: str) -> Embed:
    """An Embed from a fence body's `key: value` lines (blank lines and `#` comments skipped).
    Errors carry the line within the body, counted from 1."""
    command: Command | None = None
    files: tuple[str, ...] = ()
    options: dict[str, tuple[str, int]] = {}
    for number, raw in enumerate(body.splitlines(), 1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        key, colon, value = text.partition(":")
        key, value = key.strip(), value.strip()
        if not colon or not value:
            raise UsageError(f"expected `key: value`, got {text!r}", line=number)
        if key in ("render", "diff"):
            if command is not None:
                raise UsageError("give one of `render:` or `diff:`, once", line=number)
            command = "render" if key == "render" else "diff"
            files = _paths(value, number)
        elif key in OPTION_KEYS:
            if key in options:
                raise UsageError(f"`{key}` is given twice", line=number)
            options[key] = (value, number)
        else:
            raise UsageError(f"unknown key {key!r}; use render, diff, {_names()}", line=number)
    if command is None:
        raise UsageError("say what to draw: `render: FILE` or `diff: BEFORE AFTER`", line=1)
    return make_embed(command, files, {k: v for k, (v, _) in options.items()}, options)


def _paths(value: str, line: int) -> tuple[str, ...]:
    try:
        return tuple(shlex.split(value))
    except ValueError as exc:
        raise UsageError(f"cannot read the file names: {exc}", line=line) from None


def _names() -> str:
    return ", ".join(OPTION_KEYS)


def make_embed(
    command: Command,
    files: tuple[str, ...],
    values: dict[str, Any],
    lines: dict[str, tuple[str, int]] | None = None,
) -> Embed:
    """An Embed from option values as text (a fence) or already typed (a Sphinx directive:
    flags as True). `lines` gives each option's line for messages."""
    wanted = 1 if command == "render" else 2
    if len(files) != wanted:
        what = "one file" if wanted == 1 else "two files, BEFORE and AFTER"
        raise UsageError(f"`{command}` takes {what}, got {len(files)}", line=_line(lines, None))
    typed: dict[str, Any] = {}
    for key, value in values.items():
        typed[key] = _typed(key, value, _line(lines, key))
    fmt = embed_format(command, typed.pop("format", "svg"), _line(lines, "format"))
    focus = Focus(context=typed.pop("context", 0), full=typed.pop("full", False))
    known = {f.name for f in fields(ChartOptions)}
    chart = ChartOptions(**{k: v for k, v in typed.items() if k in known})
    if command == "diff" and "level" not in typed:
        chart = replace(chart, level="units")  # as `orgmodel diff` draws by default
    return Embed(command, files, fmt, chart, focus)


def _line(lines: dict[str, tuple[str, int]] | None, key: str | None) -> int | None:
    if not lines:
        return None
    if key is None:
        return min(n for _, n in lines.values()) if lines else None
    found = lines.get(key)
    return found[1] if found else None


def _typed(key: str, value: Any, line: int | None) -> Any:
    if key in _FLAGS:
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "yes", ""):
            return True
        if str(value).lower() in ("false", "no"):
            return False
        raise UsageError(f"`{key}` is true or false, not {value!r}", line=line)
    if key in _NUMBERS:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if number < (1 if key == "depth" else 0):
            raise UsageError(f"`{key}` is a whole number, not {value!r}", line=line)
        return number
    if key in _CHOICES and value not in _CHOICES[key]:
        raise UsageError(f"`{key}` is one of {', '.join(_CHOICES[key])}, not {value!r}", line=line)
    return value


def embed_format(command: Command, name: str, line: int | None = None) -> Format:
    """The format `name` calls for, when `command` can be embedded as it."""
    allowed = EMBED_FORMATS[command]
    if name not in {f.value for f in allowed}:
        choices = ", ".join(f.value for f in allowed)
        raise UsageError(f"unknown format {name!r} for {command}; use {choices}", line=line)
    return Format(name)


@dataclass(frozen=True)
class Embedded:
    """What an Embed came to: its format and its content (text; bytes for PDF; for html the
    viewer's data, as `orgmodel.html.page.encode_data` packs it)."""

    fmt: Format
    content: str | bytes
    overruns: tuple[Overrun, ...] = ()  # a Mermaid chart mermaid.js will not draw

    @property
    def text(self) -> str:
        if isinstance(self.content, bytes):
            raise TypeError(f"{self.fmt} is not text")
        return self.content


def produce(embed: Embed, base: Path, program: str | None = None) -> Embedded:
    """Load the files (relative to `base`) and draw or report what `embed` asks for."""
    from orgmodel.diff import diff_structures
    from orgmodel.graph.chart import build_graph
    from orgmodel.graph.diff import diff_graph
    from orgmodel.pipeline import load_org
    from orgmodel.render import render_graph
    from orgmodel.render.mermaid_split import mermaid_chart
    from orgmodel.report.diff_markdown import render_markdown
    from orgmodel.report.diff_text import render_text

    loaded = [load_org(str(base / name)) for name in embed.files]
    options = embed.options.drawn_as(embed.fmt)
    if embed.fmt is Format.html:
        return Embedded(embed.fmt, _viewer_data(embed, [org.structure for org in loaded]))
    if embed.command == "render":
        graph = build_graph(loaded[0].structure, options)
    else:
        result = diff_structures(loaded[0].structure, loaded[1].structure)
        reports = {Format.markdown: render_markdown, Format.text: render_text}
        if embed.fmt in reports:
            return Embedded(embed.fmt, reports[embed.fmt](result))
        graph = diff_graph(result, loaded[0].structure, loaded[1].structure, options, embed.focus)
    if embed.fmt is Format.mermaid:
        chart = mermaid_chart(graph)
        return Embedded(embed.fmt, chart.text, chart.overruns)
    drawn = render_graph(graph, embed.fmt, program, layout=options.layout, compact=options.compact)
    if isinstance(drawn, bytes) and embed.fmt is Format.svg:  # Graphviz's SVG is UTF-8
        drawn = drawn.decode("utf-8")
    return Embedded(embed.fmt, drawn)


def _viewer_data(embed: Embed, structures: list[Structure]) -> str:
    """The interactive viewer's data for `embed`, packed as its page holds it."""
    from orgmodel.diff import diff_structures
    from orgmodel.html.chart import chart_data, whole_org
    from orgmodel.html.diff import diff_data
    from orgmodel.html.page import encode_data

    if embed.command == "render":
        whole_org(embed.options)
        return encode_data(chart_data(structures[0], embed.options))
    result = diff_structures(structures[0], structures[1])
    return encode_data(diff_data(result, structures[0], structures[1], embed.options))


def embed_html(
    embedded: Embedded, markdown_to_html: Callable[[str], str], prefix: str = "orgmodel-"
) -> str:
    """The HTML fragment a page shows for `embedded`: inline SVG, the viewer's root element
    (the page adds `page_assets` once), a Mermaid block for the page's Mermaid script, the text
    report as preformatted text, the Markdown report converted by the page's own Markdown
    (tables and all). One line per element: Markdown keeps it as it is.

    The SVG's and the viewer's element ids (the SVG's stable, from person and unit ids) get
    `prefix`, so that several charts on one page, which share people and units, never share
    an id."""
    fmt = embedded.fmt
    if fmt is Format.html:
        from orgmodel.html.page import viewer_element

        return _one_block(viewer_element(embedded.text, ids=prefix))
    if fmt is Format.svg:
        svg = _XML_PROLOGUE.sub("", embedded.text, count=1)
        svg = _SVG_ID.sub(lambda m: f"{m.group(1)}{prefix}", svg)
        return f'<div class="orgmodel orgmodel-chart">{_one_block(svg)}</div>'
    if fmt is Format.mermaid:
        return f'<pre class="mermaid orgmodel">{html.escape(embedded.text)}</pre>'
    if fmt is Format.text:
        text = html.escape(embedded.text)
        return f'<pre class="orgmodel orgmodel-report"><code>{text}</code></pre>'
    if fmt is Format.markdown:
        return f'<div class="orgmodel orgmodel-report">{markdown_to_html(embedded.text)}</div>'
    raise ValueError(f"no HTML for {fmt}")  # embed_format admits no other


def page_assets(embedded: Iterable[Embedded]) -> str:
    """What a page holding `embedded` carries once, after the first of them: the viewer's
    stylesheet and scripts when one is a viewer (format html), else nothing."""
    if not any(e.fmt is Format.html for e in embedded):
        return ""
    from orgmodel.html.page import viewer_assets

    return viewer_assets()


def _one_block(markup: str) -> str:
    """Markup without blank lines, so that Markdown never ends the HTML block inside it."""
    return "\n".join(line for line in markup.splitlines() if line.strip())


def relocated(error: OrgmodelError, file: str, fence_line: int | None) -> UsageError:
    """`error` as said at FILE:LINE of the page: a mistake in the body at its own line (the
    fence's line plus its line in the body), anything else at the fence's line
    (`docs/x.md:12: orgs/a.yaml: no such file`)."""
    if error.file is None and error.line is not None and fence_line is not None:
        return UsageError(error.message, file=file, line=fence_line + error.line, path=error.path)
    return UsageError(
        error.located() if error.file is not None else error.message, file=file, line=fence_line
    )


# -- fences in a Markdown page --------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^ {0,3}(?P<mark>`{3,}|~{3,})\s*(?P<info>[^`\s]*)[^`]*$")


@dataclass(frozen=True)
class Fence:
    """An ```orgmodel fence in a page: lines `start` to `end` (0-based, the fence lines
    included) and its body."""

    start: int
    end: int
    body: str


def find_fences(markdown: str, language: str = "orgmodel") -> list[Fence]:
    """The fences of `language` in a page, in order; other fenced blocks are skipped whole, so a
    page can show a fence's syntax inside a longer fence. An unclosed fence runs to the end, as
    CommonMark reads it."""
    lines = markdown.splitlines()
    found: list[Fence] = []
    at = 0
    while at < len(lines):
        opened = _FENCE_OPEN.match(lines[at])
        if opened is None:
            at += 1
            continue
        mark = opened.group("mark")
        end = at + 1
        while end < len(lines) and not _closes(lines[end], mark):
            end += 1
        if opened.group("info") == language:
            found.append(Fence(at, end, "\n".join(lines[at + 1 : end])))
        at = end + 1
    return found


def _closes(line: str, mark: str) -> bool:
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= len(mark)
        and set(stripped) == {mark[0]}
    )
