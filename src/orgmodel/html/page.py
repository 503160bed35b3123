"""One self-contained HTML file: the template, its stylesheet and viewer script, the vendored
libraries (in manifest order) and the page's data, all inline, so the file opens offline from
disk or from any static site.

The page's Content-Security-Policy allows no request at all and only the scripts it carries
(by their sha256), so even markup that slipped into the page could neither load nor run
anything.

The viewer also embeds in another page (a docs page, `orgmodel.report.embed`), without an
iframe: `viewer_element` is one viewer's root element, its ids under a prefix of its own, and
`viewer_assets` the stylesheet (every rule scoped under the root) and scripts a page carries
once, however many viewers it holds. Such a page has its own policy, not this one: the docs
site's, which must allow these scripts (`script_hashes`) and inline styles (d3-org-chart
places its cards with them)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

_HERE = files("orgmodel.html")

# The page's data: its JSON gzipped, in base64, which the viewer opens with the browser's own
# DecompressionStream. Cards repeat their words and keys, so gzip takes the data to a tenth
# (1,000 people: 0.25 MB of JSON, 24 kB in the page; 100,000: 25.7 MB, 2.2 MB); and base64
# has no character that could end the <script> element or open a comment in it, whatever the
# org's strings hold. mtime=0 keeps the same org's page the same bytes.
DATA_ELEMENT = '<script type="application/octet-stream" id="org-data" data-encoding="gzip+base64">'
# zlib's default level: at 100,000 people 9 saves a further 0.3 MB but takes 3.2 s to 6's
# 0.35 s (level 1: 0.2 s, 0.8 MB more).
_LEVEL = 6
_DATA = re.compile(
    '<script type="application/octet-stream" id="[A-Za-z0-9_-]*org-data" '
    'data-encoding="gzip\\+base64">([A-Za-z0-9+/=]*)</script>'
)
_ID_DATA_ELEMENT = DATA_ELEMENT.replace('id="org-data"', 'id="@id-org-data"')
# A viewer's prefix for its ids: nothing that could end the attribute, or a CSS selector.
_IDS = re.compile(r"\A(?:[A-Za-z][A-Za-z0-9_-]*)?\Z")


def encode_data(data: Any) -> str:
    """`data` as the page's data element holds it: JSON, gzipped, in base64."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    packed = gzip.compress(text.encode("utf-8"), compresslevel=_LEVEL, mtime=0)
    return base64.b64encode(packed).decode("ascii")


def page_data(page: str) -> dict[str, Any]:
    """The data of a page `render_page` wrote (chart or diff), as it was given; of the first
    viewer in a page with several."""
    found = _DATA.search(page)
    if found is None:
        raise ValueError("no orgmodel page data in this HTML")
    data: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(found.group(1))))
    return data


# The viewer's script, in parts that share one scope: joined in this order inside one function,
# `mount(root)`, called for each viewer's root element in the page.
VIEWER_PARTS = ("chart.js", "panel.js", "controls.js")
_VIEWER_HEAD = """\
// The orgmodel viewer: draws the cards of each viewer in the page with d3-org-chart. Every
// string from the org is put in the page as text: through `esc` in the card HTML d3-org-chart
// asks for, and through textContent everywhere else.
(function () {
"use strict";
// One viewer, in its root element. It waits for its data to be unpacked (DecompressionStream
// streams), hence async.
async function mount(root) {
"""
# Mounts the viewers already in the page at once, and those further down once it is read: the
# script comes after the first viewer of a docs page, not necessarily after the last.
_VIEWER_TAIL = """}
function mountAll() {
  for (const root of document.querySelectorAll(".orgmodel-viewer")) {
    if (root.dataset.mounted) continue;
    root.dataset.mounted = "true";
    mount(root);
  }
}
mountAll();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
})();
"""


def _read(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


def viewer_script() -> str:
    parts = [(_HERE / "viewer" / name).read_text(encoding="utf-8") for name in VIEWER_PARTS]
    return _VIEWER_HEAD + "\n".join(parts) + _VIEWER_TAIL


@cache
def _scripts() -> tuple[str, ...]:
    """The vendored libraries in the order manifest.json lists them (d3 before what uses it),
    then the viewer."""
    vendor = _HERE / "vendor"
    manifest = json.loads((vendor / "manifest.json").read_text(encoding="utf-8"))
    scripts = []
    for library in manifest["libraries"]:
        code = (vendor / library["script"]).read_text(encoding="utf-8")
        name = f"{library['name']} {library['version']} ({library['license']})"
        scripts.append(f"/* {name} */\n{code}\n")
    scripts.append(viewer_script())
    return tuple(scripts)


def script_hashes() -> tuple[str, ...]:
    """The `'sha256-…'` sources of the viewer's scripts, as a Content-Security-Policy's
    `script-src` allows them: what a docs site with a policy adds for embedded viewers."""
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _scripts()
    )


def _policy() -> str:
    hashes = " ".join(script_hashes())
    # Images from data: and blob: URLs only: the PNG export draws the chart through one.
    policy = (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'"
    )
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def _change_colours() -> str:
    """The diff picture's fills for added, removed and changed (`graph.diff.style`, chosen to
    stay apart under colour blindness) as the page's CSS variables, so both views mark a change
    alike."""
    from orgmodel.graph.diff.style import ADDED, CHANGED, REMOVED

    colours = f"--added: {ADDED}; --removed: {REMOVED}; --changed: {CHANGED};"
    return f".orgmodel-viewer {{ {colours} }}\n"


def _stylesheet() -> str:
    return _change_colours() + _read("viewer.css")


def _script_elements() -> str:
    return "\n".join(f"<script>{s}</script>" for s in _scripts())


def viewer_element(encoded: str, ids: str = "", embedded: bool = True) -> str:
    """One viewer's root element, holding its data (`encode_data`'s text): every id in it
    starts with `ids`. An embedded viewer is a box in its page and answers only the keys typed
    in it; the page's own (`embedded=False`) fills the page and takes the page's keys."""
    if not _IDS.match(ids):
        raise ValueError(f"not an id prefix: {ids!r}")
    if not re.fullmatch(r"[A-Za-z0-9+/=]*", encoded):
        raise ValueError("the viewer's data is encode_data's base64")
    element = _read("viewer-root.html")
    # The markers are ours and no replacement holds one: the prefix is checked above and the
    # data is base64.
    for marker, content in (
        ("<!--@class-->", " orgmodel-embed" if embedded else ""),
        ("<!--@keys-->", "" if embedded else ' data-keys="page"'),
        ("<!--@main-->", "" if embedded else ' role="main"'),
        ("<!--@data-->", _ID_DATA_ELEMENT + encoded + "</script>"),
    ):
        element = element.replace(marker, content, 1)
    return element.replace('="@id-', f'="{ids}')


def viewer_assets() -> str:
    """What a page with embedded viewers carries once, after the first of them: the viewer's
    stylesheet and its scripts, the vendored libraries first."""
    return f"<style>{_stylesheet()}</style>\n{_script_elements()}"


def render_page(title: str, data: dict[str, Any]) -> str:
    """The page for `data` (a chart's or a diff's, from `orgmodel.html`) titled `title`."""
    page = _read("viewer.html")
    # Each marker is replaced once, and no replacement can hold a later marker: the title is
    # escaped and the data is base64.
    for marker, content in (
        ("<!--@csp-->", _policy()),
        ("<!--@title-->", html.escape(title)),
        ("/*@style*/", _stylesheet()),
        ("<!--@viewer-->", viewer_element(encode_data(data), embedded=False)),
        ("<!--@scripts-->", _script_elements()),
    ):
        page = page.replace(marker, content, 1)
    return page
