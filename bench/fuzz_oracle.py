"""What counts as a failure when the fuzzer (bench/fuzz.py) or the regression test
(tests/test_fuzz_regressions.py) runs orgmodel on an input: one set of rules for both.

An input is run in-process through a fixed list of steps (STEPS), each an `orgmodel` command
line with placeholders: {input} the file under test, {other} a second org for `diff`, {out} a
path stem for outputs. A step with `requires` runs only when that step exited 0.

Failure kinds, per step:
- traceback: the command raised anything but SystemExit (a MemoryError or RecursionError too).
- timeout: the step did not finish within the per-step limit (an in-process SIGALRM).
- wrong-exit: an exit code outside {0, 1, 2, 3}.
- not-one-line: on exit 2, stderr is not exactly one line starting `orgmodel: `; or, on any
  exit, stderr holds a raw control character (a line break to a terminal: \x0b, \x85, U+2028...).
- unlocated-file: on exit 2 the message, or on exit 1 an error line, does not start with the
  name of one of the command's input files followed by `:`.
- unlocated-line: such a message names the file but gives no line: neither `FILE:LINE` nor
  "line N"/"offset N" in its words, and it is not about the file as a whole (empty, too large,
  unreadable, unknown extension).
and across steps (the same input read by different commands):
- inconsistent: `validate`, `convert` and `render` exit differently on the same file; `diff`
  does not exit with the first failure of its two sides; a file `convert` wrote does not
  validate (check-FMT); converting to YAML or JSON changed the org (same-FMT: `diff
  --exit-code` finds a difference).
"""

from __future__ import annotations

import gc
import hashlib
import re
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

OK_EXITS = frozenset({0, 1, 2, 3})
CONVERT_FORMATS = ("yaml", "json", "csv")
LOSSLESS_FORMATS = ("yaml", "json")  # CSV leaves fields out by design (README: convert)


@dataclass(frozen=True)
class Step:
    name: str
    args: tuple[str, ...]
    requires: str | None = None  # run only when this step exited 0


STEPS: tuple[Step, ...] = (
    Step("validate", ("validate", "{input}")),
    Step("other", ("validate", "{other}")),
    Step("diff", ("diff", "{other}", "{input}")),
    *(Step(f"convert-{f}", ("convert", "{input}", "-o", f"{{out}}.{f}")) for f in CONVERT_FORMATS),
    *(
        Step(f"check-{f}", ("validate", f"{{out}}.{f}"), requires=f"convert-{f}")
        for f in CONVERT_FORMATS
    ),
    *(
        Step(f"same-{f}", ("diff", "--exit-code", "{input}", f"{{out}}.{f}"), f"convert-{f}")
        for f in LOSSLESS_FORMATS
    ),
    Step("render-dot", ("render", "{input}", "-o", "{out}.dot")),
    Step("render-mmd", ("render", "{input}", "-o", "{out}.mmd")),
    Step("render-html", ("render", "{input}", "-o", "{out}.html")),
    # The diff picture of the other org and this one, at both levels: it exits as `diff` does.
    Step("diff-dot", ("diff", "{other}", "{input}", "-o", "{out}.diff.dot")),
    Step(
        "diff-people-dot", ("diff", "{other}", "{input}", "--level", "people", "-o", "{out}.dp.dot")
    ),
)
PICTURES_OF_DIFF = ("diff-dot", "diff-people-dot")
STEP_BY_NAME = {step.name: step for step in STEPS}
# Steps that read {input} alone and go on only when it is a valid org: they agree on the exit.
LOADERS = (
    "validate",
    *(f"convert-{f}" for f in CONVERT_FORMATS),
    "render-dot",
    "render-mmd",
    "render-html",
)


def needed(names: Iterable[str]) -> list[str]:
    """The steps to run for `names`, with the steps they require, in STEPS order."""
    wanted = set(names)
    for name in list(wanted):
        while (required := STEP_BY_NAME[name].requires) is not None:
            wanted.add(required)
            name = required
    return [step.name for step in STEPS if step.name in wanted]


class StepTimeout(BaseException):
    """Raised by the alarm: a BaseException, so no `except Exception` in the code swallows it."""


@dataclass
class Outcome:
    step: str
    args: tuple[str, ...]
    exit_code: int
    stderr: str
    seconds: float
    exception: str | None = None  # "ValueError: message" for a traceback
    frame: str | None = None  # where it was raised: the innermost orgmodel frame
    timed_out: bool = False


@dataclass(frozen=True)
class Finding:
    kind: str
    signature: str  # what makes two findings the same defect
    steps: tuple[str, ...]  # the steps that show it
    detail: str  # one line for people


def _raise_timeout(signum: int, frame: object) -> None:
    raise StepTimeout


def _where(tb: traceback.StackSummary) -> str:
    """`orgmodel/load/json.py:load_json`, the innermost frame in orgmodel (or outside it)."""
    frames = list(tb)
    if not frames:
        return "?"
    ours = [f for f in frames if "/orgmodel/" in f.filename.replace("\\", "/")]
    chosen = ours[-1] if ours else frames[-1]
    path = chosen.filename.replace("\\", "/")
    short = "orgmodel/" + path.rsplit("/orgmodel/", 1)[1] if ours else path.rsplit("/", 2)[-1]
    inner = frames[-1]
    tail = "" if inner is chosen else f" (in {inner.filename.rsplit('/', 1)[-1]}:{inner.name})"
    return f"{short}:{chosen.name}{tail}"


def run_command(step: str, args: Sequence[str], timeout: float) -> Outcome:
    """Run `orgmodel ARGS` in-process under CliRunner, at most `timeout` seconds."""
    from typer.testing import CliRunner

    from orgmodel.cli.commands import register

    app = register()

    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    gc.disable()  # as `orgmodel` itself runs (orgmodel.cli.main), so the times compare
    start = time.perf_counter()
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            result = CliRunner().invoke(app, list(args), catch_exceptions=True)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except StepTimeout:
        return Outcome(step, tuple(args), -1, "", time.perf_counter() - start, timed_out=True)
    finally:
        gc.enable()
        signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - start
    outcome = Outcome(step, tuple(args), result.exit_code, result.stderr, seconds)
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        text = str(error).splitlines()[0][:200] if str(error) else ""
        outcome.exception = f"{type(error).__name__}: {text}"
        outcome.frame = _where(traceback.extract_tb(error.__traceback__))
    return outcome


def fill(args: Sequence[str], paths: Mapping[str, str]) -> tuple[str, ...]:
    out = []
    for arg in args:
        for key, value in paths.items():
            arg = arg.replace("{" + key + "}", value)
        out.append(arg)
    return tuple(out)


def run_steps(
    names: Sequence[str],
    paths: Mapping[str, str],
    timeout: float,
    on_step: Callable[[str], object] | None = None,
) -> list[Outcome]:
    """Run the named steps in order (those whose required step failed are left out, and all
    after a timeout); `on_step` hears of each before it starts."""
    done: list[Outcome] = []
    exits: dict[str, int] = {}
    for name in names:
        step = STEP_BY_NAME[name]
        if step.requires is not None and exits.get(step.requires) != 0:
            continue
        if on_step is not None:
            on_step(name)
        outcome = run_command(name, fill(step.args, paths), timeout)
        exits[name] = outcome.exit_code
        done.append(outcome)
        if outcome.timed_out:  # every later step would wait as long: one is enough
            break
    return done


# Messages about the file as a whole, which have no line to point at.
_WHOLE_FILE = re.compile(
    r"(larger than the|is a directory|no such file|permission denied|cannot read"
    r"|cannot tell the format|cannot write|.*\bempty\b)"
)
# Characters a terminal takes as a line break or a command: a message must quote them, never
# print them raw (a tab is allowed).
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_IN_WORDS = re.compile(r"\b(line|offset) \d+")
_VERDICT = re.compile(r": (valid|invalid)( \(--strict: warnings fail\))?: \d+ errors?, \d+ warn")


def category(message: str) -> str:
    """A message reduced to its kind: numbers and quoted values blanked, cut at the first
    `: ` after the path, so one defect seen with many values is one signature."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)
    text = re.sub(r"\d+", "N", text)
    text = re.sub(r"^([A-Za-z_$][\w$.\[\]'…-]*: )", "", text)  # a path like units[N].lead
    head = text.split(": ")[0] if ": " in text[:60] else text
    return head[:60].strip()


def _located(message: str, files: Sequence[str]) -> tuple[str, str] | None:
    """(kind, category) when a message does not say where it is, else None."""
    named = max((f for f in files if message.startswith(f + ":")), key=len, default=None)
    if named is None:
        return "unlocated-file", category(message)
    rest = message[len(named) + 1 :]
    if re.match(r"\d+[:\s]", rest):
        return None
    rest = rest.strip()
    if _WHOLE_FILE.match(rest) or _IN_WORDS.search(rest):
        return None
    return "unlocated-line", category(rest)


def judge_one(outcome: Outcome, files: Sequence[str]) -> list[Finding]:
    steps = tuple(needed([outcome.step]))
    command = outcome.step
    if outcome.timed_out:
        return [Finding("timeout", f"timeout {command}", steps, f"{command}: no answer in time")]
    if outcome.exception is not None:
        return [
            Finding(
                "traceback",
                f"traceback {outcome.exception.split(':')[0]} at {outcome.frame}",
                steps,
                f"{command}: {outcome.exception} at {outcome.frame}",
            )
        ]
    code = outcome.exit_code
    if code not in OK_EXITS:
        first = outcome.stderr.strip().split("\n")[:1]
        return [Finding("wrong-exit", f"wrong-exit {code} {command}", steps, f"{command}: {first}")]
    findings: list[Finding] = []
    lines = outcome.stderr.rstrip("\n").split("\n") if outcome.stderr else []
    raw = _RAW_CONTROL.search(outcome.stderr)
    if raw:
        at = next(line for line in lines if raw.group() in line) if lines else outcome.stderr
        findings.append(
            Finding(
                "not-one-line",
                "not-one-line: a raw control character in a message",
                steps,
                f"{command}: {at[:200]!r}",
            )
        )
        lines = [_RAW_CONTROL.sub("?", line) for line in lines]
    messages: list[str] = []
    if code == 2:
        if len(lines) != 1 or not lines[0].startswith("orgmodel: "):
            shown = outcome.stderr[:160].replace("\n", "\\n")
            findings.append(
                Finding("not-one-line", f"not-one-line {command}", steps, f"{command}: {shown}")
            )
        messages = [line.removeprefix("orgmodel: ") for line in lines if line.strip()][-1:]
    elif code == 1:
        messages = [
            line
            for line in lines
            if ": warning: " not in line
            and not line.startswith("orgmodel: warning")
            and not _VERDICT.search(line)
        ]
    for message in messages:
        found = _located(message, files)
        if found is not None:
            kind, what = found
            findings.append(
                Finding(kind, f"{kind} exit {code}: {what}", steps, f"{command}: {message[:200]}")
            )
            break  # one finding per run: the rest are the same defect, or follow from it
    return findings


def judge(outcomes: Sequence[Outcome], paths: Mapping[str, str]) -> list[Finding]:
    """Every finding for one input's outcomes: each run on its own, then runs side by side."""
    findings: list[Finding] = []
    for outcome in outcomes:
        files = [a for a in outcome.args[1:] if a in paths.values() or _is_out(a, paths)]
        findings.extend(judge_one(outcome, files))
    by = {o.step: o for o in outcomes if not o.timed_out and o.exception is None}
    loaders = [by[name] for name in LOADERS if name in by]
    for outcome in loaders[1:]:
        first = loaders[0]
        if outcome.exit_code != first.exit_code:
            findings.append(_disagree(first, outcome))
    if "diff" in by and "validate" in by and "other" in by:
        sides = [by["other"].exit_code, by["validate"].exit_code]
        expected = next((c for c in sides if c != 0), 0)
        if by["diff"].exit_code != expected:
            findings.append(_disagree(by["validate"], by["diff"], by["other"]))
    for name in PICTURES_OF_DIFF:
        if name in by and "diff" in by and by[name].exit_code != by["diff"].exit_code:
            findings.append(_disagree(by["diff"], by[name]))
    for fmt in CONVERT_FORMATS:
        for prefix in ("check", "same"):
            after = by.get(f"{prefix}-{fmt}")
            if after is not None and after.exit_code != 0:
                findings.append(_disagree(by[f"convert-{fmt}"], after))
    return findings


def _is_out(arg: str, paths: Mapping[str, str]) -> bool:
    out = paths.get("out")
    return out is not None and arg.startswith(out)


def _disagree(*outcomes: Outcome) -> Finding:
    exits = " ".join(f"{o.step}={o.exit_code}" for o in outcomes)
    last = outcomes[-1]
    first_line = last.stderr.split("\n", 1)[0]
    # The message category tells apart two defects that show as the same pair of exits.
    what = category(first_line.removeprefix("orgmodel: ").split(": ", 1)[-1]) if first_line else ""
    return Finding(
        "inconsistent",
        f"inconsistent {exits}: {what}",
        tuple(needed(o.step for o in outcomes)),
        f"{exits}: {first_line[:200]}",
    )


@dataclass
class Case:
    """A kept input: tests/cases/fuzz/<name>/ holds input.EXT, other.EXT and case.toml."""

    kind: str
    signature: str
    steps: list[str]
    detail: str
    origin: str = ""
    seconds: float = 10.0
    known: str | None = None

    def toml(self) -> str:
        import json

        def q(value: str) -> str:
            return json.dumps(value, ensure_ascii=True)  # a JSON string is a TOML basic string

        lines = [
            f"kind = {q(self.kind)}",
            f"signature = {q(self.signature)}",
            "steps = [" + ", ".join(q(s) for s in self.steps) + "]",
            f"detail = {q(self.detail)}",
            f"origin = {q(self.origin)}",
            f"seconds = {self.seconds}",
        ]
        if self.known:
            lines.append(f"known = {q(self.known)}")
        else:
            lines.append(
                '# known = "name-of-defect"  # set while the defect is open: the test xfails'
            )
        return "\n".join(lines) + "\n"

    @classmethod
    def from_toml(cls, text: str) -> Case:
        import tomllib

        data = tomllib.loads(text)
        return cls(
            kind=data["kind"],
            signature=data["signature"],
            steps=list(data["steps"]),
            detail=data.get("detail", ""),
            origin=data.get("origin", ""),
            seconds=float(data.get("seconds", 10.0)),
            known=data.get("known") or None,
        )

    def commands(self) -> list[str]:
        """The command lines, for the README of a case."""
        return ["orgmodel " + " ".join(STEP_BY_NAME[s].args) for s in needed(self.steps)]

    @property
    def name(self) -> str:
        """A folder name: the signature's words, and a hash that keeps two apart."""
        words = "".join(c if c.isalnum() else "-" for c in self.signature.lower())
        words = "-".join(w for w in words.split("-") if w)[:48].rstrip("-")
        return f"{words}-{hashlib.sha1(self.signature.encode()).hexdigest()[:6]}"

    @property
    def uses_other(self) -> bool:
        return bool({"other", "diff", *PICTURES_OF_DIFF} & set(needed(self.steps)))

    def write(self, folder: Path, data: bytes, fmt: str, other: bytes, other_suffix: str) -> None:
        """The case's folder: input.FMT, other.EXT (for diff), case.toml and a README."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"input.{fmt}").write_bytes(data)
        if self.uses_other:
            (folder / f"other{other_suffix}").write_bytes(other)
        (folder / "case.toml").write_text(self.toml(), encoding="utf-8")
        readme = (
            f"# {self.kind}: {self.signature}\n\nFound by `python bench/fuzz.py` from "
            f"{self.origin}.\n\nWhat went wrong: {self.detail}\n\nRun, with input.{fmt} as "
            "{input}" + (" and the other file as {other}" if self.uses_other else "") + ":\n\n"
        )
        readme += "".join(f"    {command}\n" for command in self.commands())
        (folder / "README.md").write_text(readme, encoding="utf-8")

    @staticmethod
    def paths(folder: Path, out: Path) -> dict[str, str]:
        """The placeholders of the steps for a case's folder; outputs go next to `out`."""
        [source] = folder.glob("input.*")
        others = list(folder.glob("other.*"))
        return {"input": str(source), "other": str((others or [source])[0]), "out": str(out)}
