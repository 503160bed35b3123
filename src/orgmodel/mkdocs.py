"""MkDocs: charts and diff reports drawn into pages at build time.

Two ways in, one renderer (`orgmodel.report.embed`):

- the plugin (`plugins: [orgmodel]` in mkdocs.yml, registered through the `mkdocs.plugins`
  entry point) draws every ```orgmodel fence of a page, with paths relative to the docs folder,
  and fails the build with `PAGE:LINE: message` at the fence;
- `fence_format` and `fence_validator`, a `pymdownx.superfences` custom fence for sites that
  configure fences themselves (paths relative to the folder mkdocs runs in, since a fence is
  not told which page it is on).

`format: html` embeds the interactive viewer in the page (no iframe); the page carries its
stylesheet and scripts once, after its first viewer, under the site's own
Content-Security-Policy, if any (`orgmodel.report.embed`). The plugin puts viewers in the
finished page, out of the search plugin's index; the fence cannot (it only makes the page's
content), so with it the site's search takes in the viewer's scripts as the page's text.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import markdown as markdown_lib
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from orgmodel.errors import OrgmodelError, located
from orgmodel.formats.registry import Format
from orgmodel.report.embed import (
    Embedded,
    embed_html,
    find_fences,
    page_assets,
    parse_fence,
    produce,
    relocated,
)
from orgmodel.report.mermaid_limits import mermaid_warning

log = logging.getLogger("mkdocs.plugins.orgmodel")
# The way out of Mermaid's limits in a page: a fence per part of the org.
FENCE_SPLIT = "split it into one fence per top-level unit (`root: UNIT`)"

_PLACEHOLDER = "<!-- orgmodel-embed-{} -->"
# Where an interactive viewer goes, filled in the finished page rather than in the page's
# content: the search plugin indexes the content, and would take in the viewer's scripts and
# data as the page's text (0.37 MB of it for one viewer) and its headings as sections.
_VIEWER_SLOT = '<div class="orgmodel-viewer-slot" data-viewer="{}"></div>'


class OrgmodelConfig(Config):  # type: ignore[no-untyped-call]  # mkdocs leaves it untyped
    dot = config_options.Optional(config_options.Type(str))  # the Graphviz program


class OrgmodelPlugin(BasePlugin[OrgmodelConfig]):  # type: ignore[no-untyped-call]
    """Draws each ```orgmodel fence; the drawing replaces a placeholder after the page's Markdown
    is converted, so nothing in it is read as Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self._drawn: dict[str, list[Embedded]] = {}
        self._viewers: dict[str, dict[str, str]] = {}  # each page's viewer slots, filled

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        fences = find_fences(markdown)
        if not fences:
            return markdown
        docs = Path(_shown(Path(config.docs_dir)))  # so that messages name files as given
        source = Path(page.file.abs_src_path or docs / page.file.src_path)
        shown = _shown(source)
        offset = _front_matter_lines(source, markdown)
        lines = markdown.splitlines()
        drawn: list[Embedded] = []
        for fence in fences:  # in page order, so that the first mistake is the one told
            fence_line = offset + fence.start + 1  # 1-based
            try:
                embedded = produce(parse_fence(fence.body), docs, self.config.dot)
            except OrgmodelError as error:
                raise PluginError(f"orgmodel: {relocated(error, shown, fence_line)}") from None
            if embedded.overruns:  # a warning: `mkdocs build --strict` fails on it
                message = mermaid_warning(embedded.overruns, FENCE_SPLIT)
                log.warning(f"orgmodel: {located(message, shown, fence_line)}")
            drawn.append(embedded)
        for number, fence in reversed(list(enumerate(fences))):
            lines[fence.start : fence.end + 1] = ["", _PLACEHOLDER.format(number), ""]
        self._drawn[page.file.src_uri] = drawn
        return "\n".join(lines)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        drawn = self._drawn.pop(page.file.src_uri, [])
        if not drawn:
            return html
        converter = markdown_lib.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs
        )

        def to_html(text: str) -> str:
            return converter.reset().convert(text)

        assets = page_assets(drawn)
        viewers: dict[str, str] = {}
        for number, embedded in enumerate(drawn):
            shown = embed_html(embedded, to_html, prefix=f"orgmodel{number}-")
            if embedded.fmt is Format.html:
                if assets:  # once, after the page's first viewer
                    shown, assets = shown + "\n" + assets, ""
                slot = _VIEWER_SLOT.format(number)
                viewers[slot], shown = shown, slot
            html = html.replace(_PLACEHOLDER.format(number), shown, 1)
        if viewers:
            self._viewers[page.file.src_uri] = viewers
        return html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """The viewers in the finished page, in their slots."""
        for slot, viewer in self._viewers.pop(page.file.src_uri, {}).items():
            if slot not in output:
                raise PluginError(
                    f"orgmodel: {page.file.src_uri}: an interactive viewer's place is gone from"
                    " the page (another plugin rewrote it)"
                )
            output = output.replace(slot, viewer, 1)
        return output


def _shown(path: Path) -> str:
    """A page's name as a message gives it: relative to the current folder where it is below."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def _front_matter_lines(source: Path, markdown: str) -> int:
    """How many lines MkDocs took off the top of the page (its front matter) before handing it
    to plugins, so that a fence's line is the file's."""
    try:
        raw = source.read_text(encoding="utf-8-sig")
    except OSError:
        return 0
    raw = raw.replace("\r\n", "\n")
    if markdown and raw.endswith(markdown):
        return raw[: len(raw) - len(markdown)].count("\n")
    return 0


# -- pymdownx.superfences --------------------------------------------------------------------


def fence_validator(
    language: str, inputs: dict[str, str], options: dict[str, str], attrs: dict[str, str], md: Any
) -> bool:
    """Accepts the fence with no inline options: everything is said in its body."""
    return not inputs


def fence_format(
    source: str,
    language: str,
    class_name: str,
    options: dict[str, str],
    md: Any,
    **kwargs: Any,
) -> str:
    """The HTML of one ```orgmodel fence, for `custom_fences`. A mistake stops the build (a
    SuperFencesException; any other error would quietly print the fence as code).

    The page's Markdown instance, `md`, counts its fences, for each chart's id prefix, and
    notes whether the viewer's assets are in the page yet."""
    from pymdownx.superfences import SuperFencesException

    try:
        embedded = produce(parse_fence(source), Path())
    except OrgmodelError as error:
        raise SuperFencesException(f"orgmodel fence: {error.located()}") from None
    page = _FencesOnPage.of(md)
    shown = embed_html(
        embedded,
        lambda text: markdown_lib.markdown(text, extensions=["tables"]),
        prefix=f"orgmodel{page.count}-",
    )
    page.count += 1
    if embedded.fmt is Format.html and not page.assets:
        page.assets = True
        shown += "\n" + page_assets([embedded])
    return shown


class _FencesOnPage:
    """What the fences of the page a Markdown instance converts have put in it so far; the
    instance forgets it on `reset`, before its next page."""

    def __init__(self) -> None:
        self.count = 0
        self.assets = False

    def reset(self) -> None:
        self.count = 0
        self.assets = False

    @classmethod
    def of(cls, md: Any) -> _FencesOnPage:
        found = getattr(md, "orgmodel_fences", None)
        if not isinstance(found, cls):
            found = cls()
            md.orgmodel_fences = found
            md.registerExtension(found)  # Markdown.reset calls each registered one's reset
        return found
