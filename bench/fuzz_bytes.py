"""Byte-level mutations for the fuzzer (bench/fuzz.py): flips, insertions, deletions, splices,
truncation, BOMs, invalid UTF-8, control and bidi characters, long tokens, huge numbers, deep
nesting and each format's own tokens. Each is a pure function of a `random.Random`."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

TOKENS = {
    "yaml": [b"&a ", b"*a", b"!!binary ", b"!!python/object:os.system ", b"<<: *a\n", b"? ",
             b"---\n", b"...\n", b"!!set ", b"!!omap ", b"!foo ", b"%YAML 1.1\n", b"|\n", b">-\n",
             b"\t", b": ", b"- ", b"{", b"[", b"]", b"}", b"'", b'"', b"#", b"@", b"`", b"~",
             b".nan", b".inf", b"0x1F", b"0o17", b"1e999", b"2026-02-30", b"yes", b"NO",
             b"!!int ", b"!!float ", b"!!str ", b"!!timestamp ", b"&a [*a]", b"null", b"=",
             b"%TAG ! tag:x,2000:\n", b"!<tag:yaml.org,2002:str> ", b"? [a, b]\n: c\n"],
    "json": [b"NaN", b"Infinity", b"-Infinity", b",", b"]", b"}", b"{", b"[", b'"', b"\\u0000",
             b"\\ud800", b'"\\udfff"', b"\\", b"null", b"true", b"1e999", b"-0", b"//c\n", b"/*",
             b":", b"0.1e-999", b'"id": "x", ', b'"a": 1, "a": 2, ', b"[[[[[[[[", b"1.0e+400"],
    "csv": [b",", b'"', b'""', b"\r", b"\n", b"\r\n", b";", b"\t", b"=cmd()", b"\xef\xbb\xbf",
            b",,,,,,,,", b'"a\nb"', b"\\", b"id", b"manager", b"unit", b"unit_parent", b"vacant",
            b"attrs.", b"attrs.x", b"yes", b"true", b"0", b"-", b"null", b" ; "],
}  # fmt: skip
CONTROL = [b"\x00", b"\x01", b"\x08", b"\x0b", b"\x0c", b"\x1b", b"\x7f", b"\r", b"\xc2\x85",
           b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xef\xbf\xbe", b"\xef\xbf\xbf"]  # fmt: skip
BIDI = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u061c", "\u200b",
        "\ufeff", "\u0301", "\U0001f600", "\ud7ff", "\uffff"]  # fmt: skip
INVALID_UTF8 = [b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\x80", b"\xf8\x88"]


def _pos(rng: random.Random, data: bytes) -> int:
    """A position, often at the start of a line or after a separator, where edits bite."""
    if data and rng.random() < 0.5:
        marks = [i + 1 for i, b in enumerate(data) if b in b"\n:,[{-"]
        if marks:
            return min(rng.choice(marks), len(data))
    return rng.randint(0, len(data))


def _span(rng: random.Random, data: bytes) -> tuple[int, int]:
    start = _pos(rng, data)
    length = rng.choice([1, 2, 4, 8, 16, 64, 256, 1024])
    return start, min(len(data), start + length)


def _insert(rng: random.Random, data: bytes, piece: bytes) -> bytes:
    at = _pos(rng, data)
    return data[:at] + piece + data[at:]


def b_flip(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]


def b_insert(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    return _insert(rng, data, rng.randbytes(rng.choice([1, 2, 3, 8])))


def b_token(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    return _insert(rng, data, rng.choice(TOKENS[fmt]))


def b_delete(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    start, end = _span(rng, data)
    return data[:start] + data[end:]


def b_duplicate(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    start, end = _span(rng, data)
    return data[:end] + data[start:end] * rng.choice([1, 2, 10]) + data[end:]


def b_duplicate_line(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    at = rng.randrange(len(lines))
    return b"".join([*lines[: at + 1], lines[at], *lines[at + 1 :]])


def b_splice(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    return data[: _pos(rng, data)] + other[_pos(rng, other) :]


def b_truncate(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    return data[: _pos(rng, data)]


def b_bom(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    bom = rng.choice([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])
    return bom + data if rng.random() < 0.6 else _insert(rng, data, bom)


def b_invalid_utf8(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    return _insert(rng, data, rng.choice(INVALID_UTF8))


def b_control(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    return _insert(rng, data, rng.choice(CONTROL))


def b_bidi(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    return _insert(rng, data, rng.choice(BIDI).encode("utf-8", "surrogatepass"))


def b_long_token(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    size = rng.choice([1000, 70_000, 140_000, 300_000])
    return _insert(rng, data, rng.choice([b"a", b"9", b"-", b" ", b"x,"]) * size)


def b_huge_int(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    digits = rng.choice([20, 310, 4301, 5000, 50_000])
    return _insert(rng, data, rng.choice([b"", b"-"]) + b"1" + b"0" * digits)


def b_deep(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    depth = rng.choice([100, 999, 1001, 5000, 100_000])
    opener, closer = rng.choice([(b"[", b"]"), (b"{a: ", b"}"), (b'{"a":', b"}"), (b"- ", b"")])
    return _insert(rng, data, opener * depth + b"1" + closer * depth)


def b_line_endings(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    return data.replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n\n", b"\x85", b"\n\t"]))


ODD_SCALARS = [
    b"1" + b"0" * 5000,
    b"-1" + b"0" * 4400,
    b"1e999",
    b"-0",
    b"0x7fffffffffffffff",
    b".nan",
    b".inf",
    b"-.inf",
    b"NaN",
    b"Infinity",
    b"0.1e-999",
    b"1_000",
    b"0o777",
    b"12:30:00",
    b"2026-02-30",
    b"~",
    b"null",
    b"true",
    b"''",
    b'""',
    b"0" * 5000,
]
_VALUE = re.compile(rb"(?<=: )[^\n,\]}]*|(?<=- )[^\n,\]}]*|(?<=,)[^\n,\]}]*")


def b_odd_value(rng: random.Random, data: bytes, fmt: str, other: bytes) -> bytes:
    """Replace one value (after `key: `, `- ` or a comma) with a huge number, NaN, infinity..."""
    spans = [m.span() for m in _VALUE.finditer(data[:200_000])]
    if not spans:
        return data
    start, end = rng.choice(spans)
    return data[:start] + rng.choice(ODD_SCALARS) + data[end:]


BYTE_MUTATIONS: list[Callable[[random.Random, bytes, str, bytes], bytes]] = [
    b_flip, b_insert, b_token, b_token, b_delete, b_duplicate, b_duplicate_line, b_splice,
    b_truncate, b_bom, b_invalid_utf8, b_control, b_bidi, b_long_token, b_huge_int, b_deep,
    b_line_endings, b_odd_value, b_odd_value,
]  # fmt: skip
