"""The one registry of formats: a name for each, the extensions that call for it, and the groups
each command chooses from. Every command and `build` tell a format from a name through here."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from pathlib import PurePath


class Format(StrEnum):
    yaml = "yaml"
    json = "json"
    csv = "csv"
    text = "text"
    markdown = "markdown"
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"
    html = "html"


ORG_FORMATS = frozenset((Format.yaml, Format.json, Format.csv))
IMAGE_FORMATS = frozenset((Format.svg, Format.png, Format.pdf))  # laid out by Graphviz
# The interactive page (orgmodel.html) is a chart and a diff format, drawn by no layout program.
CHART_FORMATS = IMAGE_FORMATS | {Format.dot, Format.mermaid, Format.html}
REPORT_FORMATS = frozenset((Format.text, Format.markdown, Format.json))
DIFF_FORMATS = CHART_FORMATS | REPORT_FORMATS
HISTORY_FORMATS = REPORT_FORMATS
# Text outputs only: `build` embeds its staleness hash as a comment.
BUILD_FORMATS = frozenset((Format.svg, Format.dot, Format.mermaid, Format.html))

EXTENSIONS: dict[str, Format] = {
    ".yaml": Format.yaml,
    ".yml": Format.yaml,
    ".json": Format.json,
    ".csv": Format.csv,
    ".txt": Format.text,
    ".text": Format.text,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".svg": Format.svg,
    ".png": Format.png,
    ".pdf": Format.pdf,
    ".dot": Format.dot,
    ".gv": Format.dot,
    ".mmd": Format.mermaid,
    ".mermaid": Format.mermaid,
    ".html": Format.html,
    ".htm": Format.html,
}


def format_for(name: str | PurePath, among: Collection[Format] = ORG_FORMATS) -> Format | None:
    """The format `name`'s extension calls for, when it is one of `among`."""
    found = EXTENSIONS.get(PurePath(name).suffix.lower())
    return found if found in among else None


def extensions_of(among: Collection[Format]) -> list[str]:
    """The extensions that call for one of `among`, sorted."""
    return sorted(ext for ext, fmt in EXTENSIONS.items() if fmt in among)
