"""Links in an org file: the one scheme rule (the model refuses other schemes, and a picture
draws only links that pass it) and the percent-encoding that makes a link safe to pass on.

A picture never relies on the layout program to escape a link: Debian's Graphviz 2.4x copies
`URL` into `xlink:href` unescaped, so a quote or `<` in a link would end the attribute."""

from __future__ import annotations

import re

URL_SCHEMES = ("http", "https", "mailto")

# What a browser ignores around and inside a link (the URL standard strips C0 controls and
# spaces at both ends and removes tabs and newlines), so the scheme is read as a browser would.
_STRIPPED = "".join(map(chr, range(33)))
_REMOVED = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Everything outside RFC 3986 (unreserved and reserved characters, and `%` that starts an
# escape) is percent-encoded: quotes, `<`, `>`, spaces, backticks, braces, `|`, `\`, `^` and
# every non-ASCII character.
_NOT_URI = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")
# In a file name given as a relative link, everything but RFC 3986's unreserved characters.
_NOT_UNRESERVED = re.compile(r"[^A-Za-z0-9\-._~]")


def url_scheme(url: str) -> str:
    """The scheme of `url`, lower-cased; empty when there is none."""
    match = _SCHEME.match(_REMOVED.sub("", url.strip(_STRIPPED)))
    return match.group(1).lower() if match else ""


def has_allowed_scheme(url: str) -> bool:
    return url_scheme(url) in URL_SCHEMES


def _percent_encoded(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def safe_url(url: str | None) -> str | None:
    """The link as a picture may carry it: None unless its scheme is allowed and it has no
    control or invisible formatting characters (the model checks the scheme too; a chart must not
    depend on every input having been validated), else percent-encoded to RFC 3986."""
    if url is None or not url.isprintable() or not has_allowed_scheme(url):
        return None
    return _NOT_URI.sub(_percent_encoded, url.strip(_STRIPPED))


def relative_link(file_name: str) -> str:
    """A link to a file beside the chart that carries it: percent-encoded, and starting with
    `./`, so that no name is read as a scheme (`javascript:x.mmd`), a query or a fragment."""
    return "./" + _NOT_UNRESERVED.sub(_percent_encoded, file_name)
