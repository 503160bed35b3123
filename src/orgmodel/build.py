"""`orgmodel build`: the project's diagrams, declared in `[tool.orgmodel]` of pyproject.toml (or in
orgmodel.toml), rendered, and checked for staleness by a hash of what they are drawn from.

The hash covers the normalized inputs, the options and the orgmodel version, and is embedded in
each output as a comment, so `--check` holds across Graphviz versions and fonts.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from orgmodel import __version__
from orgmodel.errors import InputError, UsageError
from orgmodel.formats.registry import BUILD_FORMATS, Format, format_for
from orgmodel.formats.write import org_data
from orgmodel.graph import ChartOptions
from orgmodel.pipeline import LoadedOrg, load_org

_OPTION_KEYS = ("level", "root", "depth", "direction", "clusters", "compact")
_MARK = "orgmodel-build:"
_FOUND = re.compile(re.escape(_MARK) + r" ([0-9a-f]{64})")


@dataclass(frozen=True)
class Diagram:
    """One declared output: a chart of `source`, or the picture of `before` → `after`."""

    output: Path
    source: Path | None = None
    before: Path | None = None
    after: Path | None = None
    options: ChartOptions = field(default_factory=ChartOptions)

    @property
    def format(self) -> Format:
        found = format_for(self.output, BUILD_FORMATS)
        if found is None:  # `_diagram` admits no other output
            raise ValueError(f"{self.output}: not a diagram format")
        return found

    @property
    def inputs(self) -> list[Path]:
        return [p for p in (self.source, self.before, self.after) if p is not None]


def _diagram(entry: Any, root: Path, where: str) -> Diagram:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: each diagram is a table", file=str(root))
    unknown = set(entry) - {"source", "before", "after", "output", *_OPTION_KEYS}
    if unknown:
        raise InputError(f"{where}: unknown key {sorted(unknown)[0]!r}", file=str(root))
    output = entry.get("output")
    if not isinstance(output, str) or format_for(output, BUILD_FORMATS) is None:
        raise InputError(
            f"{where}: `output` must be a .svg, .dot or .mmd path (got {output!r})", file=str(root)
        )
    has_source = "source" in entry
    has_pair = "before" in entry and "after" in entry
    if has_source == has_pair:
        raise InputError(f"{where}: give either `source`, or `before` and `after`", file=str(root))
    options = {k: entry[k] for k in _OPTION_KEYS if k in entry}
    try:
        chart = ChartOptions(**options)
    except TypeError as exc:
        raise InputError(f"{where}: {exc}", file=str(root)) from None

    def path(key: str) -> Path | None:
        value = entry.get(key)
        return root / value if isinstance(value, str) else None

    return Diagram(root / output, path("source"), path("before"), path("after"), chart)


def read_config(root: Path) -> list[Diagram]:
    """Diagrams from `[tool.orgmodel]` in pyproject.toml, or orgmodel.toml; without either, a
    chart of every orgs/*.yaml in diagrams/<name>.svg."""
    if not root.is_dir():
        raise InputError("no such folder", file=str(root))
    config: Any = None
    for name, section in (("pyproject.toml", ("tool", "orgmodel")), ("orgmodel.toml", ())):
        path = root / name
        if not path.is_file():
            continue
        try:
            data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"not valid TOML: {exc}", file=str(path)) from None
        for key in section:
            data = data.get(key, {}) if isinstance(data, dict) else {}
        if isinstance(data, dict) and "diagrams" in data:
            config = data["diagrams"]
            where = f"{name}: " + ".".join((*section, "diagrams"))
            break
    if config is None:
        return [
            Diagram(root / "diagrams" / f"{org.stem}.svg", source=org)
            for org in sorted((root / "orgs").glob("*.yaml"))
        ]
    if not isinstance(config, list):
        raise InputError(f"{where} is a list of tables ([[...]])", file=str(root))
    return [_diagram(entry, root, f"{where}[{i}]") for i, entry in enumerate(config)]


def diagram_hash(diagram: Diagram, loaded: list[LoadedOrg]) -> str:
    """What the diagram is drawn from: the orgs as normalized data, the options, the version."""
    payload = {
        "orgs": [org_data(item.org) for item in loaded],
        "options": asdict(diagram.options),
        "format": diagram.format,
        "kind": "diff" if diagram.source is None else "chart",
        "version": __version__,
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
    if fmt is Format.dot:
        return f"// {mark}\n{content}"
    return f"%% {mark}\n{content}"


def render_diagram(diagram: Diagram, loaded: list[LoadedOrg], program: str | None) -> str:
    from orgmodel.diff import diff_structures
    from orgmodel.diff_graph import diff_graph
    from orgmodel.graph import build_graph
    from orgmodel.render import render_graph

    if diagram.source is not None:
        graph = build_graph(loaded[0].structure, diagram.options)
    else:
        result = diff_structures(loaded[0].structure, loaded[1].structure)
        graph = diff_graph(result, loaded[0].structure, loaded[1].structure, diagram.options)
    content = render_graph(graph, diagram.format, program)
    if isinstance(content, bytes):  # SVG from Graphviz: text, to embed the hash in
        content = content.decode("utf-8")
    return _embed(content, diagram.format, diagram_hash(diagram, loaded))


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    fresh: list[Path] = field(default_factory=list)
    stale: list[tuple[Path, str]] = field(default_factory=list)  # (output, why)


def build(
    diagrams: list[Diagram], check: bool, program: str | None = None, force: bool = False
) -> BuildResult:
    """Render every stale diagram (every one with `force`), or with `check`, only list them."""
    from orgmodel.output import write_atomic

    if not diagrams:
        raise UsageError("no diagrams: declare them in [tool.orgmodel] or put orgs in orgs/")
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
        write_atomic(diagram.output, render_diagram(diagram, loaded, program))
        result.written.append(diagram.output)
    return result
