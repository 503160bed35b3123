"""Generated regions in Markdown files, kept current by `orgmodel build` and checked by
`orgmodel build --check` (as `cog --check` does for its regions):

    <!-- orgmodel diff orgs/qianwen-2025.yaml orgs/qianwen-2026.yaml --format markdown -->
    …what the command prints…
    <!-- /orgmodel -->

The opening marker holds an orgmodel command line (read as a shell would split it, never run
by a shell): one of the read-only commands that print, `diff`, `show`, `stats` or `validate`
(or any command with `--help`), without `-o`. Between the markers goes what it prints (for
`validate`, its findings too, which it says on stderr; its exit 1 for an invalid org is no
failure here): Markdown output (`--format markdown`) as it is, between blank lines; anything
else in a fenced block, ```text unless `--fence LANG` names another language (`--fence none`:
no fence). `--lines N-M` keeps lines N to M of the output (from 1; `N-` to the end, `-N` the
last N lines), for an excerpt. `--fence` and `--lines` are the marker's own options, not
passed to the command.

This module finds and rewrites regions; running a command is the caller's (the CLI runs it in
the same process), given as `run(argv) -> stdout`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from orgmodel.errors import InputError, UsageError

COMMANDS = ("diff", "show", "stats", "validate")
_OPEN = re.compile(r"^\s*<!--\s*orgmodel\s+(?P<args>.*?)\s*-->\s*$")
_CLOSE = re.compile(r"^\s*<!--\s*/orgmodel\s*-->\s*$")
_LINES = re.compile(r"(\d+)-(\d+)?\Z")
_LAST_LINES = re.compile(r"-(\d+)\Z")
_REFUSED = ("-o", "--output")

# A region's command line, as the caller runs it; returns what the command printed.
Runner = Callable[[list[str]], str]


@dataclass(frozen=True)
class Region:
    """One region of a file: its opening marker's line (from 1), the command it runs, how its
    output is placed, and the lines between the markers (0-based, end excluded)."""

    line: int
    argv: tuple[str, ...]
    fence: str | None  # None: inserted as it is
    lines: tuple[int, int | None] | None
    start: int
    end: int

    @property
    def command_line(self) -> str:
        return "orgmodel " + shlex.join(self.argv)


def find_regions(text: str, file: str) -> list[Region]:
    """The regions of a Markdown file, in order; a marker without its other half, a region in
    a region, or a command line that is not allowed is a UsageError at its line."""
    lines = text.splitlines()
    found: list[Region] = []
    opened: tuple[int, re.Match[str]] | None = None
    for index, line in enumerate(lines):
        if (start := _OPEN.match(line)) is not None:
            if opened is not None:
                raise UsageError("a region inside a region", file=file, line=index + 1)
            opened = (index, start)
        elif _CLOSE.match(line):
            if opened is None:
                raise UsageError("<!-- /orgmodel --> closes no region", file=file, line=index + 1)
            at, marker = opened
            found.append(_region(marker.group("args"), at, index, file))
            opened = None
    if opened is not None:
        raise UsageError("region not closed by <!-- /orgmodel -->", file=file, line=opened[0] + 1)
    return found


def _region(args: str, at: int, end: int, file: str) -> Region:
    def wrong(message: str) -> UsageError:
        return UsageError(message, file=file, line=at + 1)

    try:
        words = shlex.split(args)
    except ValueError as exc:
        raise wrong(f"cannot read the command line: {exc}") from None
    if not words or (words[0] not in COMMANDS and "--help" not in words):
        got = words[0] if words else "nothing"
        raise wrong(
            f"a region runs one of {', '.join(COMMANDS)} (or any command's --help), not {got!r}"
        )
    argv: list[str] = []
    fence: str | None = "text"
    excerpt: tuple[int, int | None] | None = None
    markdown = False
    rest = iter(words)
    for word in rest:
        name, eq, value = word.partition("=")
        if name in ("--fence", "--lines"):
            given = value if eq else next(rest, None)
            if given is None:
                raise wrong(f"{name} needs a value")
            if name == "--fence":
                fence = None if given == "none" else given
            else:
                excerpt = _excerpt(given, wrong)
            continue
        if name in _REFUSED or (word.startswith("-o") and not word.startswith("--")):
            raise wrong(f"a region shows what the command prints: {name} is not allowed")
        if name == "--format":
            markdown = (value if eq else "") == "markdown"
        elif argv and argv[-1] == "--format":
            markdown = word == "markdown"
        argv.append(word)
    if markdown and not any(w.startswith("--fence") for w in words):
        fence = None
    return Region(at + 1, tuple(argv), fence, excerpt, at + 1, end)


def _excerpt(value: str, wrong: Callable[[str], UsageError]) -> tuple[int, int | None]:
    """(first, last) from 1, last None for the end; the last N lines are (-N, None)."""
    last_lines = _LAST_LINES.match(value)
    if last_lines is not None and int(last_lines.group(1)) > 0:
        return -int(last_lines.group(1)), None
    found = _LINES.match(value)
    first = int(found.group(1)) if found else 0
    last = int(found.group(2)) if found and found.group(2) else None
    if found is None or first < 1 or (last is not None and last < first):
        raise wrong(f"--lines takes N-M, N- or -N (lines from 1; -N: the last N), not {value!r}")
    return first, last


def region_body(region: Region, printed: str) -> list[str]:
    """The lines that go between a region's markers for what its command printed."""
    lines = printed.splitlines()
    if region.lines is not None:
        first, last = region.lines
        lines = lines[first:] if first < 0 else lines[first - 1 : last]
    while lines and not lines[-1].strip():
        lines.pop()
    if region.fence is None:  # blank lines around: Markdown never reads it as part of the marker
        return ["", *lines, ""]
    longest = max((len(m) for line in lines for m in re.findall(r"`{3,}", line)), default=2)
    mark = "`" * (longest + 1)
    return [f"{mark}{region.fence}", *lines, mark]


@dataclass
class RegionsResult:
    written: list[Path] = field(default_factory=list)
    fresh: int = 0
    stale: list[tuple[Path, Region]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.fresh + len(self.stale)


def refresh_regions(
    files: list[Path], run: Runner, check: bool, shown: Callable[[Path], str] = str
) -> RegionsResult:
    """Run every region's command and put its output in place; with `check`, write nothing and
    list the stale regions. A file is rewritten (atomically) only when one of its regions
    changed. `shown` names a file in messages."""
    from orgmodel.output import write_atomic

    result = RegionsResult()
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise InputError(f"cannot read: {reason or exc}", file=shown(path)) from None
        lines = text.splitlines()
        stale: list[tuple[Path, Region]] = []
        for region in reversed(find_regions(text, shown(path))):
            try:
                body = region_body(region, run(list(region.argv)))
            except UsageError as error:
                raise UsageError(
                    f"{region.command_line}: {error.located()}", file=shown(path), line=region.line
                ) from None
            if lines[region.start : region.end] == body:
                result.fresh += 1
                continue
            stale.insert(0, (path, region))
            lines[region.start : region.end] = body
        result.stale += stale
        if stale and not check:
            ending = "\n" if text.endswith("\n") else ""
            write_atomic(path, "\n".join(lines) + ending)
            result.written.append(path)
    return result
