"""Posting the review as one pull-request comment through GitHub's REST API: the comment that
carries the review's marker is updated in place, or one is created. Requests go through an
`opener` (urllib's by default), so that they can be checked without a network."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any, Protocol

from orgmodel.errors import ExternalProgramError, UsageError
from orgmodel.review.comment import MARKER

API = "https://api.github.com"
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\Z")
_PAGE_SIZE = 100  # the most GitHub lists in one page
_MAX_PAGES = 50  # 5,000 comments: past that, a new comment rather than a search on and on
TIMEOUT_SECONDS = 30


class Response(Protocol):
    def read(self) -> bytes: ...


Opener = Callable[..., Response]


def comment_requests_url(api: str, repository: str, number: int) -> str:
    return f"{api}/repos/{repository}/issues/{number}/comments"


def request(
    method: str, url: str, token: str, body: dict[str, Any] | None = None
) -> urllib.request.Request:
    """An authenticated GitHub API request (a JSON body when given)."""
    headers = {
        "Accept": "application/vnd.github+json",
        "Authorization": f"Bearer {token}",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "orgmodel-review",
    }
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    return urllib.request.Request(url, data=data, headers=headers, method=method)


def _send(opener: Opener, req: urllib.request.Request) -> Any:
    try:
        answer = opener(req, timeout=TIMEOUT_SECONDS).read()
    except urllib.error.HTTPError as exc:
        raise ExternalProgramError(
            f"GitHub API: {req.get_method()} {req.full_url}: HTTP {exc.code} {exc.reason}"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise ExternalProgramError(f"GitHub API: {req.full_url}: {exc}") from None
    return json.loads(answer) if answer else None


def post_review(
    body: str,
    repository: str,
    number: int,
    token: str,
    *,
    api: str = API,
    opener: Opener = urllib.request.urlopen,
) -> str:
    """Update the pull request's review comment (the one with the marker) to `body`, or create
    it; "updated" or "created"."""
    if not _REPOSITORY.match(repository):
        raise UsageError(f"--github-repo: expected OWNER/NAME, got {repository!r}")
    if number < 1:
        raise UsageError(f"--pr: expected a pull request number, got {number}")
    if not token:
        raise UsageError("no token: set GITHUB_TOKEN to a token that may comment")
    listing = comment_requests_url(api, repository, number)
    for page in range(1, _MAX_PAGES + 1):
        url = f"{listing}?per_page={_PAGE_SIZE}&page={page}"
        comments = _send(opener, request("GET", url, token)) or []
        for comment in comments:
            if MARKER in str(comment.get("body", "")):
                edit = f"{api}/repos/{repository}/issues/comments/{int(comment['id'])}"
                _send(opener, request("PATCH", edit, token, {"body": body}))
                return "updated"
        if len(comments) < _PAGE_SIZE:
            break
    _send(opener, request("POST", listing, token, {"body": body}))
    return "created"
