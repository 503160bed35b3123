"""Sphinx: `extensions = ["orgmodel.sphinx"]`, then

    .. orgchart:: orgs/qianwen-2026.yaml
       :level: units

    .. orgdiff:: orgs/qianwen-2025.yaml orgs/qianwen-2026.yaml
       :format: text

with the options the CLI takes (`:level:`, `:root:`, `:depth:`, `:direction:`, `:sort:`,
`:layout:`, `:clusters:`, `:no-compact:`; for diffs `:context:` and `:full:`; `:format:` svg,
mermaid, html, and for diffs text or markdown). A path is relative to the page, or to the
source folder when it starts with `/`, as for `.. literalinclude::`. HTML builds get the SVG
inline, LaTeX builds a PDF drawing of the same chart; a report in text is a literal block
everywhere. A mistake is an error at the directive's FILE:LINE (`-W` makes it fail the build).

`:format: html` is the interactive viewer in the HTML page itself (no iframe; the page carries
its stylesheet and scripts once, under the site's own Content-Security-Policy, if any); LaTeX
builds draw the static picture of the same chart as a PDF instead, and say so in the log.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import markdown as markdown_lib
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxTranslator

from orgmodel import __version__
from orgmodel.errors import OrgmodelError
from orgmodel.formats.registry import Format
from orgmodel.report.embed import Command, Embed, embed_html, make_embed, page_assets, produce
from orgmodel.report.mermaid_limits import mermaid_warning

logger = logging.getLogger(__name__)

_CHART_OPTIONS: dict[str, Any] = {
    "format": directives.unchanged_required,
    "level": directives.unchanged_required,
    "root": directives.unchanged_required,
    "depth": directives.unchanged_required,
    "direction": directives.unchanged_required,
    "sort": directives.unchanged_required,
    "layout": directives.unchanged_required,
    "clusters": directives.flag,
    "no-compact": directives.flag,
}


class OrgmodelFigure(nodes.General, nodes.Element):
    """A drawn chart or Markdown report: `embed` is what was asked, `content` what it came to."""


class _OrgmodelDirective(SphinxDirective):
    command: ClassVar[Command]
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = _CHART_OPTIONS

    def run(self) -> list[nodes.Node]:
        files = []
        for argument in self.arguments:
            relative, absolute = self.env.relfn2path(argument)
            self.env.note_dependency(relative)
            files.append(str(absolute))
        values: dict[str, Any] = {}
        for key, value in self.options.items():
            if key == "no-compact":
                values["compact"] = False
            else:
                values[key] = True if value is None else value
        try:
            embed = make_embed(self.command, tuple(files), values)
            embedded = produce(embed, Path())
        except OrgmodelError as error:
            raise self.error(f"orgmodel: {error.located()}") from None
        if embedded.fmt is Format.text:
            block = nodes.literal_block(embedded.text, embedded.text)
            block["classes"] += ["orgmodel-report"]
            return [block]
        if embedded.overruns:
            message = mermaid_warning(
                embedded.overruns, "split it into one directive a unit (:root:)"
            )
            logger.warning("orgmodel: %s", message, location=(self.env.docname, self.lineno))
        node = OrgmodelFigure()
        node["embed"] = embed
        node["prefix"] = f"orgmodel{self.env.new_serialno('orgmodel')}-"
        node["format"] = embedded.fmt.value
        node["content"] = embedded.text
        if embedded.fmt is Format.markdown:  # what builders without HTML show
            node["text"] = produce(replace(embed, fmt=Format.text), Path()).text
        return [node]


class OrgChartDirective(_OrgmodelDirective):
    """`.. orgchart:: FILE`: an org chart."""

    command = "render"
    required_arguments = 1


class OrgDiffDirective(_OrgmodelDirective):
    """`.. orgdiff:: BEFORE AFTER`: a reorganisation, drawn or reported."""

    command = "diff"
    required_arguments = 2
    option_spec: ClassVar[dict[str, Any]] = {
        **_CHART_OPTIONS,
        "context": directives.nonnegative_int,
        "full": directives.flag,
    }


def _html_visit(translator: SphinxTranslator, node: OrgmodelFigure) -> None:
    from orgmodel.report.embed import Embedded

    embedded = Embedded(Format(node["format"]), node["content"])
    html = embed_html(
        embedded,
        lambda text: markdown_lib.markdown(text, extensions=["tables"]),
        prefix=node["prefix"],
    )
    if embedded.fmt is Format.html and not getattr(translator, "orgmodel_assets", False):
        # A translator writes one page: the viewer's assets once, after its first viewer.
        translator.orgmodel_assets = True  # type: ignore[attr-defined]
        html += "\n" + page_assets([embedded])
    translator.body.append(html + "\n")  # type: ignore[attr-defined]
    raise nodes.SkipNode


def _latex_visit(translator: SphinxTranslator, node: OrgmodelFigure) -> None:
    """A PDF drawing beside the .tex file, named by what it draws; a Markdown report as its
    text."""
    body: list[str] = translator.body  # type: ignore[attr-defined]
    if node["format"] == Format.markdown.value:
        body.append("\n\\begin{sphinxVerbatim}\n" + node["text"] + "\n\\end{sphinxVerbatim}\n")
        raise nodes.SkipNode
    embed: Embed = node["embed"]
    if embed.fmt is Format.html:
        logger.info(
            "orgmodel: LaTeX has no interactive viewer: the static picture is drawn", location=node
        )
    pdf = replace(embed, fmt=Format.pdf)
    name = f"orgmodel-{_digest(pdf)}.pdf"
    target = Path(translator.builder.outdir) / name
    if not target.exists():
        try:
            drawn = produce(pdf, Path())
        except OrgmodelError as error:
            logger.warning("orgmodel: %s", error.located(), location=node)
            raise nodes.SkipNode from None
        from orgmodel.output import write_atomic

        write_atomic(target, drawn.content)
    body.append(f"\n\\sphinxincludegraphics[width=\\linewidth]{{{name}}}\n")
    raise nodes.SkipNode


def _digest(embed: Embed) -> str:
    import hashlib

    return hashlib.sha256(f"{__version__}{embed!r}".encode()).hexdigest()[:16]


def _text_visit(translator: SphinxTranslator, node: OrgmodelFigure) -> None:
    raise nodes.SkipNode  # no picture in plain text


def setup(app: Sphinx) -> dict[str, Any]:
    skip = (_text_visit, None)
    app.add_node(
        OrgmodelFigure,
        html=(_html_visit, None),
        latex=(_latex_visit, None),
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_directive("orgchart", OrgChartDirective)
    app.add_directive("orgdiff", OrgDiffDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
