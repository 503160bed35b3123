"""The pull-request review: the comment computed from a real git repository's base and head
(the pull request read as data), and the GitHub API requests that post or update it, checked
against a fake opener."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from orgmodel.diff import diff_structures
from orgmodel.errors import ExternalProgramError, UsageError
from orgmodel.pipeline import load_org
from orgmodel.report.diff_markdown import render_markdown
from orgmodel.review.comment import MARKER, render_comment, review_comment
from orgmodel.review.github import post_review

from conftest import REPO, write

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
}


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True,
        env={**os.environ, **GIT_ENV},
    )  # fmt: skip
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main holds the lab-era org; the branch `pr` reorganises it, adds an org, adds a file
    that is no valid org, and touches a file outside orgs/."""
    _git(tmp_path, "init", "-q", "-b", "main")
    shutil.copy(REPO / "orgs" / "qianwen-2025.yaml", tmp_path / "orgs-q.yaml")
    (tmp_path / "orgs").mkdir()
    shutil.move(tmp_path / "orgs-q.yaml", tmp_path / "orgs" / "qianwen.yaml")
    write(tmp_path / "notes.md", "notes\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "base")
    _git(tmp_path, "checkout", "-q", "-b", "pr")
    shutil.copy(REPO / "orgs" / "qianwen-2026.yaml", tmp_path / "orgs" / "qianwen.yaml")
    write(tmp_path / "orgs" / "tiny.yaml", "name: Tiny\npeople: [{id: a, name: A}]\n")
    write(tmp_path / "orgs" / "bad.yaml", "name: Bad\npeople: !!python/object:os.system [x]\n")
    write(tmp_path / "notes.md", "changed\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "reorganise")
    _git(tmp_path, "checkout", "-q", "main")  # the pull request is never checked out
    return tmp_path


def test_the_comment_has_one_part_per_changed_org_file(repo: Path) -> None:
    comment = review_comment("main", "pr", ["orgs/"], repo)
    assert comment.startswith(f"{MARKER}\n### Org changes\n\n3 org files changed (at `")
    assert "notes.md" not in comment
    old = load_org(str(REPO / "orgs" / "qianwen-2025.yaml")).structure
    new = load_org(str(REPO / "orgs" / "qianwen-2026.yaml")).structure
    report = render_markdown(diff_structures(old, new))
    summary = report.splitlines()[2].strip("*")
    # The summary line first, then the whole report folded.
    assert f"**`orgs/qianwen.yaml`**: {summary}\n\n<details><summary>" in comment
    assert f"\n\n{report.rstrip()}\n\n</details>" in comment
    assert "**`orgs/tiny.yaml`**: Reorg: 1 person joined" in comment
    bad = comment.split("**`orgs/bad.yaml`**: ")[1].splitlines()[0]
    assert bad.startswith("not a valid org: `pr:orgs/bad.yaml:2:9: ")
    # The working tree is still the base's: nothing of the pull request was checked out.
    assert _git(repo, "status", "--porcelain") == ""
    assert not (repo / "orgs" / "tiny.yaml").exists()


def test_a_pull_request_without_org_changes_says_so(repo: Path) -> None:
    comment = review_comment("main", "main", ["orgs/"], repo)
    assert comment == f"{MARKER}\n### Org changes\n\nNo org file changed in this pull request.\n"


def test_renames_and_deletions_are_followed(repo: Path) -> None:
    _git(repo, "checkout", "-q", "-b", "rename")
    _git(repo, "mv", "orgs/qianwen.yaml", "orgs/alibaba.yaml")
    _git(repo, "commit", "-qm", "rename")
    comment = review_comment("main", "rename", ["orgs/"], repo)
    assert "**`orgs/qianwen.yaml → orgs/alibaba.yaml`**: No changes" in comment
    _git(repo, "rm", "-q", "orgs/alibaba.yaml")
    _git(repo, "commit", "-qm", "delete")
    deleted = review_comment("HEAD~1", "HEAD", ["orgs/"], repo)
    assert "**`orgs/alibaba.yaml`**: Reorg: " in deleted and "left" in deleted


def test_a_comment_too_long_for_github_leaves_reports_out() -> None:
    from orgmodel.review.comment import ChangedFile, FileReview

    reviews = [FileReview(ChangedFile(f"o{i}.yaml", f"o{i}.yaml"), "Reorg: x", "y" * 25_000)
               for i in range(4)]  # fmt: skip
    comment = render_comment(reviews, "abc")
    assert len(comment) < 65_536
    assert comment.count("<details>") == 2 and comment.count("report left out") == 2


def test_the_script_prints_the_comment(repo: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "orgmodel.review", "--base", "main", "--head", "pr", "--repo",
         str(repo)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == review_comment("main", "pr", ["orgs/"], repo)
    wrong = subprocess.run(
        [sys.executable, "-m", "orgmodel.review", "--base", "nope", "--head", "pr", "--repo",
         str(repo)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert wrong.returncode == 2 and wrong.stderr.startswith("orgmodel: git diff: ")
    assert "Traceback" not in wrong.stderr


class FakeGitHub:
    """Answers like GitHub's issue-comments API, recording each request."""

    def __init__(self, pages: list[list[dict[str, Any]]]) -> None:
        self.pages = pages
        self.requests: list[urllib.request.Request] = []

    def __call__(self, req: urllib.request.Request, timeout: float) -> Any:
        self.requests.append(req)
        answer: Any = {"id": 99}
        if req.get_method() == "GET":
            page = int(req.full_url.rsplit("page=", 1)[1])
            answer = self.pages[page - 1] if page <= len(self.pages) else []
        return _Answer(json.dumps(answer).encode())


class _Answer:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self) -> bytes:
        return self.data


def test_a_first_review_creates_the_comment() -> None:
    github = FakeGitHub([[{"id": 1, "body": "LGTM"}]])
    done = post_review("BODY", "acme/orgs", 7, "tok", api="https://api.test", opener=github)
    assert done == "created"
    get, post = github.requests
    assert get.full_url == "https://api.test/repos/acme/orgs/issues/7/comments?per_page=100&page=1"
    assert post.get_method() == "POST"
    assert post.full_url == "https://api.test/repos/acme/orgs/issues/7/comments"
    assert post.get_header("Authorization") == "Bearer tok"
    assert post.get_header("Accept") == "application/vnd.github+json"
    assert isinstance(post.data, bytes) and json.loads(post.data) == {"body": "BODY"}


def test_a_later_review_updates_the_marked_comment_on_any_page() -> None:
    first = [{"id": i, "body": f"comment {i}"} for i in range(100)]
    github = FakeGitHub([first, [{"id": 4242, "body": f"{MARKER}\nold"}]])
    assert post_review("NEW", "acme/orgs", 7, "tok", opener=github) == "updated"
    *_, patch = github.requests
    assert [r.get_method() for r in github.requests] == ["GET", "GET", "PATCH"]
    assert patch.full_url == "https://api.github.com/repos/acme/orgs/issues/comments/4242"
    assert isinstance(patch.data, bytes) and json.loads(patch.data) == {"body": "NEW"}


def test_api_failures_and_bad_arguments_are_told() -> None:
    def refuse(req: urllib.request.Request, timeout: float) -> Any:
        raise urllib.error.HTTPError(req.full_url, 403, "Forbidden", {}, None)  # type: ignore[arg-type]

    with pytest.raises(ExternalProgramError, match="HTTP 403 Forbidden"):
        post_review("B", "acme/orgs", 7, "tok", opener=refuse)
    for slug, number, token in (("acme", 7, "t"), ("acme/orgs", 0, "t"), ("acme/orgs", 7, "")):
        with pytest.raises(UsageError):
            post_review("B", slug, number, token, opener=refuse)
