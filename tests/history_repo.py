"""Git repositories with an org's history, built by the history tests in a temporary folder. Each
commit has a fixed author and date, and git reads no configuration of the machine, so the same
history has the same commit ids everywhere and its reports can be goldens."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from conftest import CASES, REPO

QIANWEN_2025 = (REPO / "orgs" / "qianwen-2025.yaml").read_text(encoding="utf-8")
QIANWEN_2026 = (REPO / "orgs" / "qianwen-2026.yaml").read_text(encoding="utf-8")
# The history of the Rust project's teams, in the order of the cases' dates.
RUST_CASES = (
    "rust-libs-restructure-2021",
    "rust-launching-pad-2024",
    "rust-cratesio-under-devtools-2024",
    "rust-embedded-arm-merge-2025",
    "rust-libs-merge-2026",
)


class Repo:
    """A git repository in `root`, committed to with fixed authors and dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.day = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def env(self, date: str) -> dict[str, str]:
        return {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Org Keeper",
            "GIT_AUTHOR_EMAIL": "keeper@example.org",
            "GIT_COMMITTER_NAME": "Org Keeper",
            "GIT_COMMITTER_EMAIL": "keeper@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }

    def git(self, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env=self.env(date),
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, date: str, hour: int = 12) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=f"{date}T{hour:02d}:00:00+00:00")
        return self.git("rev-parse", "HEAD")


def _reformatted(text: str) -> str:
    """The same org written differently: a comment, and block style for the flow mappings."""
    text = text.replace("orgmodel: 1\n", "# Kept by the model team's managers.\norgmodel: 1\n", 1)
    for stream in ("pre-training", "post-training", "multimodal", "infra", "training"):
        text = text.replace(
            f"    attrs: {{workstream: {stream}}}\n", f"    attrs:\n      workstream: {stream}\n"
        )
    return text


def _unit_renamed(text: str) -> str:
    return text.replace("- id: qianwen\n", "- id: qwen-team\n", 1)


def _hired(text: str) -> str:
    text = text.replace(
        "              - open-pretraining-1\n",
        "              - open-pretraining-1\n              - pretraining-researcher-7\n",
        1,
    )
    person = (
        "  - id: pretraining-researcher-7\n"
        "    name: Pre-training researcher 7\n"
        "    title: Pre-training researcher\n"
    )
    return text.replace("\nunits:\n", f"\n{person}units:\n", 1)


def _retitled(text: str) -> str:
    return text.replace("title: Head of Tongyi Lab\n", "title: Head of Tongyi Lab and Qwen\n", 1)


def qianwen_history(root: Path) -> dict[str, str]:
    """The Qianwen org through its reorganisation, with what a real history holds besides: a
    reformat, a rename of the file, a rename of the team (a new id), a commit that does not load,
    the split, and a branch merged back. Returns each step's commit id."""
    repo = Repo(root)
    ids = {}
    repo.write("orgs/team.yaml", QIANWEN_2025)
    ids["created"] = repo.commit("Write down the Qianwen team (lab era)", "2025-12-31")
    repo.write("orgs/team.yaml", _reformatted(QIANWEN_2025))
    ids["reformat"] = repo.commit("Reformat the org file", "2026-01-05")
    repo.git("mv", "orgs/team.yaml", "orgs/qianwen.yaml")
    ids["moved"] = repo.commit("Move the org file to orgs/qianwen.yaml", "2026-01-10")
    renamed = _unit_renamed(_reformatted(QIANWEN_2025))
    repo.write("orgs/qianwen.yaml", renamed)
    ids["unit-renamed"] = repo.commit("Rename the Qianwen team to qwen-team", "2026-01-20")
    broken = renamed.replace("    title: Technical lead, Qianwen\n", "    manager: nobody\n", 1)
    repo.write("orgs/qianwen.yaml", broken)
    ids["invalid"] = repo.commit("Start moving Lin Junyang (half done)", "2026-02-01")
    split = QIANWEN_2026.replace("formerly: [qianwen]", "formerly: [qwen-team]")
    repo.write("orgs/qianwen.yaml", split)
    ids["split"] = repo.commit("Split qwen-team by function (March 2026)", "2026-03-05")
    repo.git("checkout", "-q", "-b", "hiring")
    repo.write("orgs/qianwen.yaml", _hired(split))
    ids["hired"] = repo.commit("Hire a pre-training researcher", "2026-03-10")
    repo.git("checkout", "-q", "main")
    repo.write("orgs/qianwen.yaml", _retitled(split))
    ids["retitled"] = repo.commit("Retitle the head of Tongyi Lab", "2026-03-12")
    merged = ("merge", "-q", "--no-ff", "-m", "Merge the hiring branch", "hiring")
    repo.git(*merged, date="2026-03-15T12:00:00+00:00")
    ids["merge"] = repo.git("rev-parse", "HEAD")
    return ids


def rust_history(root: Path) -> dict[str, str]:
    """The Rust project's teams as one file through five reorganisations: each case's before and
    after, in date order (between cases the teams drift as they did), dated by their `as_of`."""
    repo = Repo(root)
    ids = {}
    for case in RUST_CASES:
        for side, hour in (("before", 9), ("after", 17)):
            text = (CASES / "diff" / case / f"{side}.yaml").read_text(encoding="utf-8")
            found = re.search(r"^as_of: '?(\d{4}-\d{2}-\d{2})", text, re.MULTILINE)
            assert found is not None, case
            repo.write("teams.yaml", text)
            message = f"Teams as of {found[1]}" if side == "before" else case
            ids[f"{case}/{side}"] = repo.commit(message, found[1], hour)
    return ids
