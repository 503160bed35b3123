"""What a document may hold, whatever its format (README "Limits"): how deep it nests and which
numbers it may contain. The YAML and JSON readers both apply these rules, so that every document
orgmodel reads can be written back as JSON and read again."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

# libyaml stops at 1,000 levels of nesting; JSON and the pure-Python YAML parser are held to the
# same bound.
MAX_DEPTH = 1000
# Python refuses to turn longer integers into text (and back): they could be read but not written.
MAX_INT_DIGITS = 4300
_INT_BOUND = 10**MAX_INT_DIGITS


class NumberError(ValueError):
    """A number that could not be written back as JSON: NaN, an infinity, an integer too long."""


TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"


def not_finite(text: str) -> NumberError:
    return NumberError(
        f"{text} is not a finite number, which JSON cannot hold; quote it to keep it as text"
    )


def finite(value: float, text: str) -> float:
    """`value` read from `text`, refused if it is NaN or an infinity (`1e999` overflows to one)."""
    if value - value != 0.0:  # only NaN and the infinities are not 0 here
        raise not_finite(text)
    return value


def integer(text: str, base: int = 10) -> int:
    """The integer `text` writes (base 0: with its `0x`/`0o` prefix), refused if it would need
    more than MAX_INT_DIGITS decimal digits."""
    if base == 10 and len(text.lstrip("+-")) > MAX_INT_DIGITS:
        raise long_integer()
    value = int(text, base)
    if not -_INT_BOUND < value < _INT_BOUND:
        raise long_integer()
    return value


def long_integer() -> NumberError:
    return NumberError(
        f"an integer longer than {MAX_INT_DIGITS:,} digits cannot be written back; "
        "quote it to keep it as text"
    )


@contextmanager
def recursion_room(levels: int = MAX_DEPTH) -> Iterator[None]:
    """Room for a recursive decoder (json's in C, PyYAML's pure-Python composer) to go `levels`
    deeper than the caller, which may already be a few dozen frames deep: its levels count against
    the recursion limit. Our own code stays iterative; this only lifts the limit while a decoder
    runs."""
    if not levels:
        yield
        return
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(old + levels + 100)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)
