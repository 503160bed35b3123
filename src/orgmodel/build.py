"""`orgmodel build`: the project's diagrams, declared in `[tool.orgmodel]` of pyproject.toml (or in
orgmodel.toml), rendered, and checked for staleness by a hash of what they are drawn from.

The hash covers the normalized inputs, the options, the orgmodel version and the code that
draws (`drawing_revision`: a change to the layout or the diff picture makes every diagram
stale, not only a new release), and is embedded in each output as a comment, so `--check` holds
across Graphviz versions and fonts.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from orgmodel import __version__
from orgmodel.config import Diagram
from orgmodel.formats.registry import Format
from orgmodel.formats.write import org_data
from orgmodel.pipeline import LoadedOrg, load_org
from orgmodel.render.limits import Overrun

_MARK = "orgmodel-build:"
_FOUND = re.compile(re.escape(_MARK) + r" ([0-9a-f]{64})")


# The parts of the package a picture depends on, beyond the orgs and options.
_DRAWING_CODE = (
    "diff",
    "graph",
    "html",
    "layout",
    "render",
    "forest.py",
    "structure.py",
    "metrics.py",
    "scope.py",
)


_SOURCE_SUFFIXES = frozenset((".py", ".js", ".css", ".html"))


@cache
def drawing_revision() -> str:
    """A digest of the source of the code that turns orgs into pictures and pages (52 files,
    the HTML viewer's vendored scripts among them, read once: 4.5 ms)."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for part in _DRAWING_CODE:
        where = package / part
        found = sorted(where.rglob("*")) if where.is_dir() else [where]
        for source in found:
            if source.suffix not in _SOURCE_SUFFIXES or "__pycache__" in source.parts:
                continue
            digest.update(source.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(source.read_bytes() + b"\0")
    return digest.hexdigest()


def diagram_hash(diagram: Diagram, loaded: list[LoadedOrg]) -> str:
    """What the diagram is drawn from: the orgs as normalized data, the options, the version and
    the drawing code."""
    payload = {
        "orgs": [org_data(item.org) for item in loaded],
        "options": asdict(diagram.options),
        "format": diagram.format,
        "kind": "diff" if diagram.source is None else "chart",
        "version": __version__,
        "drawing": drawing_revision(),
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def embedded_hash(path: Path) -> str | None:
    try:
        head = path.read_bytes()[:4096].decode("utf-8", "replace")
    except OSError:
        return None
    found = _FOUND.search(head)
    return found.group(1) if found else None


def _embed(content: str, fmt: Format, digest: str) -> str:
    mark = f"{_MARK} {digest}"
    if fmt is Format.svg:
        if content.startswith("<?xml"):
            end = content.index("?>") + 2
            return f"{content[:end]}\n<!-- {mark} -->{content[end:]}"
        return f"<!-- {mark} -->\n{content}"
    if fmt is Format.html:  # after the doctype, which must come first
        doctype, _, rest = content.partition("\n")
        return f"{doctype}\n<!-- {mark} -->\n{rest}"
    if fmt is Format.dot:
        return f"// {mark}\n{content}"
    return f"%% {mark}\n{content}"


@dataclass(frozen=True)
class Drawn:
    """A diagram's content, hash embedded, and the Mermaid limits it is over (GitHub will not
    draw it: the CLI says so)."""

    content: str
    overruns: tuple[Overrun, ...] = ()


def render_diagram(diagram: Diagram, loaded: list[LoadedOrg], program: str | None) -> Drawn:
    from orgmodel.diff import diff_structures
    from orgmodel.graph.chart import build_graph
    from orgmodel.graph.diff import diff_graph
    from orgmodel.html import chart_page, diff_page
    from orgmodel.render import render_graph
    from orgmodel.render.mermaid_split import mermaid_chart

    digest = diagram_hash(diagram, loaded)
    if diagram.format is Format.html:
        if diagram.source is not None:
            page = chart_page(loaded[0].structure, diagram.options)
        else:
            result = diff_structures(loaded[0].structure, loaded[1].structure)
            page = diff_page(result, loaded[0].structure, loaded[1].structure, diagram.options)
        return Drawn(_embed(page, diagram.format, digest))
    if diagram.source is not None:
        graph = build_graph(loaded[0].structure, diagram.options.drawn_as(diagram.format))
    else:
        result = diff_structures(loaded[0].structure, loaded[1].structure)
        graph = diff_graph(result, loaded[0].structure, loaded[1].structure, diagram.options)
    options = diagram.options
    overruns: tuple[Overrun, ...] = ()
    if diagram.format is Format.mermaid:
        chart = mermaid_chart(graph)
        content: str | bytes = chart.text
        overruns = chart.overruns
    else:
        content = render_graph(
            graph, diagram.format, program, layout=options.layout, compact=options.compact
        )
    if isinstance(content, bytes):  # SVG from Graphviz: text, to embed the hash in
        content = content.decode("utf-8")
    return Drawn(_embed(content, diagram.format, digest), overruns)


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    fresh: list[Path] = field(default_factory=list)
    stale: list[tuple[Path, str]] = field(default_factory=list)  # (output, why)
    # Mermaid outputs GitHub will not draw, with the limits each is over.
    over_limits: list[tuple[Path, tuple[Overrun, ...]]] = field(default_factory=list)


def build(
    diagrams: list[Diagram], check: bool, program: str | None = None, force: bool = False
) -> BuildResult:
    """Render every stale diagram (every one with `force`), or with `check`, only list them."""
    from orgmodel.output import write_atomic

    result = BuildResult()
    for diagram in diagrams:
        loaded = [load_org(str(path)) for path in diagram.inputs]
        digest = diagram_hash(diagram, loaded)
        found = embedded_hash(diagram.output) if diagram.output.exists() else None
        if found == digest and not force:
            result.fresh.append(diagram.output)
            continue
        why = "missing" if not diagram.output.exists() else "stale"
        if check:
            result.stale.append((diagram.output, why))
            continue
        diagram.output.parent.mkdir(parents=True, exist_ok=True)
        drawn = render_diagram(diagram, loaded, program)
        write_atomic(diagram.output, drawn.content)
        result.written.append(diagram.output)
        if drawn.overruns:
            result.over_limits.append((diagram.output, drawn.overruns))
    return result
