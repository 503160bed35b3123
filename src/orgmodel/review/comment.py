"""The comment for a pull request that changes org files: for each changed file, the diff's
summary line, then its whole Markdown report in a collapsible block, read from git at the base
and head revisions (`git show REV:PATH` through orgmodel's own loader: data only).

The comment starts with a fixed marker, so that the next run finds and updates it instead of
adding another."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from orgmodel.errors import InputError, OrgmodelError
from orgmodel.pipeline import LoadedOrg, empty_org, load_org

MARKER = "<!-- orgmodel-review -->"
# GitHub refuses a comment body over 65,536 characters; reports past this budget are cut to
# their summary line, with a note saying how to see them whole.
COMMENT_BUDGET = 60_000
GIT_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class ChangedFile:
    """An org file the pull request touched: its path before and after (None: added or
    deleted; both, different, for a rename)."""

    before: str | None
    after: str | None

    @property
    def name(self) -> str:
        if self.before and self.after and self.before != self.after:
            return f"{self.before} → {self.after}"
        return self.after or self.before or ""


def changed_files(base: str, head: str, pathspecs: Sequence[str]) -> list[ChangedFile]:
    """The files matching `pathspecs` (git pathspecs, e.g. `orgs/**.yaml`) that differ from
    `base` to `head` in the repository of the current folder, renames followed."""
    listed = _git("diff", "--name-status", "-z", "--find-renames", base, head, "--", *pathspecs)
    fields = listed.split("\0")
    found: list[ChangedFile] = []
    at = 0
    while at < len(fields) and fields[at]:
        status = fields[at]
        if status.startswith(("R", "C")):
            old, new = fields[at + 1], fields[at + 2]
            found.append(ChangedFile(None if status.startswith("C") else old, new))
            at += 3
            continue
        path = fields[at + 1]
        at += 2
        if status == "A":
            found.append(ChangedFile(None, path))
        elif status == "D":
            found.append(ChangedFile(path, None))
        else:
            found.append(ChangedFile(path, path))
    return found


def _git(*args: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise InputError("the review reads the pull request with git, which is not on PATH")
    try:
        done = subprocess.run(
            [git, *args], capture_output=True, timeout=GIT_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise InputError("git did not answer in time") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {args[0]}: {said[-1] if said else 'failed'}")
    return done.stdout.decode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class FileReview:
    """One changed file's part of the comment: its summary line and Markdown report, or why it
    could not be read."""

    file: ChangedFile
    summary: str
    report: str | None  # None: the file could not be read as an org (`summary` says why)


def review_file(change: ChangedFile, base: str, head: str) -> FileReview:
    from orgmodel.diff import diff_structures
    from orgmodel.diff.summary import summary_line
    from orgmodel.report.diff_markdown import render_markdown

    def side(revision: str, path: str | None) -> LoadedOrg:
        return empty_org() if path is None else load_org(f"{revision}:{path}")

    try:
        before, after = side(base, change.before), side(head, change.after)
    except OrgmodelError as error:
        lines = error.report_lines()
        why = lines[0].removeprefix("orgmodel: ")
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        return FileReview(change, f"not a valid org: `{why}`{more}", None)
    result = diff_structures(before.structure, after.structure)
    return FileReview(change, summary_line(result), render_markdown(result))


def review_comment(
    base: str, head: str, pathspecs: Sequence[str], repository: Path | None = None
) -> str:
    """The whole comment for the org files changed from `base` to `head` in `repository` (the
    current folder by default); when none changed, a comment that says so."""
    with contextlib.chdir(repository) if repository else contextlib.nullcontext():
        reviews = [review_file(c, base, head) for c in changed_files(base, head, pathspecs)]
    return render_comment(reviews, head)


def render_comment(reviews: Sequence[FileReview], head: str) -> str:
    """The marker, a heading, then per file: its name and summary line, and the report folded
    in <details>; reports that would take the comment over GitHub's limit are left folded
    out."""
    out = [MARKER, "### Org changes", ""]
    if not reviews:
        return "\n".join([*out, "No org file changed in this pull request.", ""])
    count = len(reviews)
    out += [f"{count} org file{'s' if count != 1 else ''} changed (at `{head[:12]}`).", ""]
    used = sum(len(line) + 1 for line in out)
    for review in reviews:
        head_line = f"**`{review.file.name}`**: {review.summary}"
        part = [head_line, ""]
        if review.report is not None:
            part += [
                "<details><summary>The whole report</summary>",
                "",
                review.report.rstrip("\n"),
                "",
                "</details>",
                "",
            ]
        size = sum(len(line) + 1 for line in part)
        if used + size > COMMENT_BUDGET:
            note = "(report left out: too long for one GitHub comment; `orgmodel diff` shows it)"
            part = [head_line, "", note, ""]
            size = sum(len(line) + 1 for line in part)
        out += part
        used += size
    return "\n".join(out)
