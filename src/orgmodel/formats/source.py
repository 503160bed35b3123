"""Reading an input: a file, standard input (`-`) or a file at a git revision (`REV:PATH`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from orgmodel.errors import InputError
from orgmodel.formats.registry import Format, format_for

# Documented limit (README "Limits"): larger inputs are refused before they are read.
MAX_INPUT_BYTES = 256 * 1024 * 1024
GIT_TIMEOUT_SECONDS = 30


@dataclass(frozen=True, slots=True)
class Source:
    """The bytes of one input, with the name messages use and the format to parse it as."""

    name: str
    data: bytes
    format: Format
    path: Path | None = None  # the file on disk, when there is one
    sniffed: bool = False  # the format was guessed from the bytes, with nothing to name it


def sniff_format(data: bytes) -> Format:
    """Guess the format of unnamed input: JSON starts with `{`; CSV has a comma-separated header
    line without a colon; anything else is YAML."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return Format.json
    first_line = head.split(b"\n", 1)[0]
    if b"," in first_line and b":" not in first_line and not first_line.startswith(b"#"):
        return Format.csv
    return Format.yaml


def read_source(
    spec: str, input_format: Format | None = None, stdin: BinaryIO | None = None
) -> Source:
    """Read `spec`: `-` for standard input, a path, or `REV:PATH` when no such path exists."""
    if spec == "-":
        return _unnamed("<stdin>", _read_stdin(stdin), input_format)
    path = Path(spec)
    if not path.exists() and ":" in spec and not os.path.lexists(spec):
        revision, _, inner = spec.partition(":")
        if revision and inner:
            data = read_git_file(revision, inner)
            return _unnamed(spec, data, input_format or format_for(inner))
    return Source(spec, _read_file(path, spec), _format_of(path, spec, input_format), path)


def read_sources(
    spec: str,
    suffixes: tuple[str, ...],
    input_format: Format | None = None,
    stdin: BinaryIO | None = None,
) -> list[Source]:
    """`spec` read as `read_source` reads it, or, for a folder, every file below it whose name
    ends in one of `suffixes`, in sorted order. Each file is within the input limit, and so are
    all of them together, since they are held at once."""
    path = Path(spec)
    if spec == "-" or not path.is_dir():
        return [read_source(spec, input_format, stdin)]
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes and p.is_file())
    if not files:
        raise InputError(f"no {' or '.join(suffixes)} files in this folder", file=spec)
    sources: list[Source] = []
    total = 0
    for file in files:
        name = str(file)
        data = _read_file(file, name)
        total += len(data)
        _check_size(total, spec)
        sources.append(Source(name, data, _format_of(file, name, input_format), file))
    return sources


def _unnamed(name: str, data: bytes, known: Format | None) -> Source:
    if known is not None:
        return Source(name, data, known)
    return Source(name, data, sniff_format(data), sniffed=True)


def _read_stdin(stdin: BinaryIO | None) -> bytes:
    # Python sets sys.stdin to None when the process starts with standard input closed.
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("standard input is closed: nothing to read", file="<stdin>")
    try:
        data = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file="<stdin>") from None
    _check_size(len(data), "<stdin>")
    return data


def _format_of(path: Path, spec: str, input_format: Format | None) -> Format:
    if input_format is not None:
        return input_format
    found = format_for(spec)
    if found is None:
        raise InputError(
            f"cannot tell the format from the extension '{path.suffix}'; "
            "use .yaml, .yml, .json or .csv, or give --input-format",
            file=spec,
        )
    return found


def _read_file(path: Path, name: str) -> bytes:
    try:
        if path.is_dir():
            raise InputError("is a directory, not a file", file=name)
        size = path.stat().st_size
        _check_size(size, name)
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except PermissionError:
        raise InputError("permission denied: cannot read this file", file=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    _check_size(len(data), name)
    return data


def _check_size(size: int, name: str) -> None:
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"larger than the {MAX_INPUT_BYTES // (1024 * 1024)} MiB input limit", file=name
        )


def read_git_file(revision: str, path: str) -> bytes:
    """The bytes of `path` (relative to the current directory) at `revision`."""
    name = f"{revision}:{path}"
    git = shutil.which("git")
    if git is None:
        raise InputError("reading REV:PATH needs git, which is not on PATH", file=name)

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                [git, *args], capture_output=True, timeout=GIT_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise InputError("git did not answer in time", file=name) from None

    if run("rev-parse", "--git-dir").returncode != 0:
        raise InputError(
            "no such file, and not inside a git repository to read it as REV:PATH", file=name
        )
    if run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise InputError(f"no such file, and '{revision}' is not a git revision", file=name)
    shown = run("show", f"{revision}:./{path}")
    if shown.returncode != 0:
        raise InputError(f"'{path}' does not exist at revision '{revision}'", file=name)
    _check_size(len(shown.stdout), name)
    return shown.stdout


BOM = b"\xef\xbb\xbf"


def after_bom(data: bytes) -> tuple[memoryview, int]:
    """The bytes after a UTF-8 byte order mark (all of them when there is none), and where they
    start in `data`. Decode these rather than `data` with the utf-8-sig codec, whose error offsets
    count from after the mark: add the start back to point at the right byte."""
    start = len(BOM) if data.startswith(BOM) else 0
    return memoryview(data)[start:], start


def line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (in characters, after any BOM) of the byte at `offset`; the bytes
    before it on its line must be UTF-8, as they are before the first bad byte."""
    line_start = max(data.rfind(b"\n", 0, offset) + 1, after_bom(data)[1])
    column = len(str(memoryview(data)[line_start:offset], "utf-8")) + 1
    return data.count(b"\n", 0, offset) + 1, column


LEGACY_ENCODING = "cp1252"


def decode_text(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str | None]:
    """Text from a CSV export: in `encoding` if given; else UTF-8; else Windows-1252, the usual
    encoding of spreadsheet exports, with a note saying so. A UTF-8 byte order mark is dropped
    before decoding either way (read as Windows-1252 it would become `ï»¿` in the first
    header). Returns the text and that note (or None)."""
    body, skip = after_bom(data)  # a view: no copy of a large file
    if encoding is not None:
        try:
            return str(body, encoding), None
        except LookupError:
            raise InputError(f"--encoding {encoding!r}: no such encoding", file=name) from None
        except UnicodeDecodeError as exc:
            at = skip + exc.start
            raise InputError(
                f"not {encoding} text: byte 0x{data[at : at + 1].hex()} at offset {at}",
                file=name,
            ) from None
    try:
        return str(body, "utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = skip + exc.start
    try:
        text = str(body, LEGACY_ENCODING)
    except UnicodeDecodeError:
        raise InputError(
            f"neither UTF-8 nor Windows-1252 text (byte 0x{data[first_bad : first_bad + 1].hex()} "
            f"at offset {first_bad}); give the encoding with --encoding",
            file=name,
        ) from None
    line = data.count(b"\n", 0, first_bad) + 1
    note = (
        f"not UTF-8 (byte 0x{data[first_bad : first_bad + 1].hex()} on line {line}): read as "
        "Windows-1252; if names look wrong, give the encoding with --encoding"
    )
    return text, note


def decode_utf8(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped), or a message that says where it is not."""
    body, start = after_bom(data)
    try:
        return str(body, "utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        line, column = line_and_column(data, offset)
        raise InputError(
            f"not UTF-8 text: byte 0x{data[offset : offset + 1].hex()} (offset {offset}); "
            "save the file as UTF-8",
            file=name,
            line=line,
            column=column,
        ) from None
