"""Bidirectional control characters (embeddings, overrides and isolates: U+202A–U+202E,
U+2066–U+2069). In a name they can make a label read as something else ("Trojan Source"), so
`validate` warns where one is and every picture shows each as a visible `<U+202E>` marker."""

from __future__ import annotations

import unicodedata

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# U+FFFE and U+FFFF are no characters XML may hold: Graphviz stops at them ("not well-formed"),
# so pictures show them as markers too (validate has nothing to warn of: they cannot deceive).
NONCHARACTERS = "\ufffe\uffff"
MARKERS = {c: f"<U+{ord(c):04X}>" for c in CONTROLS + NONCHARACTERS}
_SHOWN = str.maketrans(MARKERS)
# Line breaks and other control characters, drawn as spaces: a label is one line, and a picture
# format would carry the control itself (Mermaid's `#1;`) or refuse it (XML).
CONTROLS_TO_SPACES = dict.fromkeys([*range(32), *range(127, 160)], " ")
_DRAWABLE = str.maketrans({**CONTROLS_TO_SPACES, **MARKERS})


def contains(text: str) -> bool:
    """Whether `text` has a control (ASCII text is answered without a scan)."""
    return not text.isascii() and any(map(text.__contains__, CONTROLS))


def found_in(text: str) -> list[str]:
    """The controls in `text`, each once, in order of appearance."""
    return list(dict.fromkeys(c for c in text if c in CONTROLS))


def shown(text: str) -> str:
    """`text` with each control replaced by its visible marker."""
    return text.translate(_SHOWN)


def describe(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: a control named without writing it."""
    return f"U+{ord(char):04X} {unicodedata.name(char)}"


def drawable(text: str) -> str:
    """`text` as a picture may show it: controls as spaces, the rest of the above as markers."""
    return text.translate(_DRAWABLE)
