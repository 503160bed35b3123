"""`python -m orgmodel.review --base REV --head REV [PATHSPEC...]`: the Markdown comment for the
org files a pull request changes, printed, or posted (`--post`) as the pull request's one
orgmodel comment. Run by the GitHub Action (action.yml); the pull request is read with git as
data, never run."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from orgmodel.errors import OrgmodelError

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)

DEFAULT_PATHSPECS = ("orgs/",)


@app.command()
def review(
    base: Annotated[str, typer.Option("--base", help="The revision the pull request is onto.")],
    head: Annotated[str, typer.Option("--head", help="The pull request's revision.")],
    pathspecs: Annotated[
        list[str] | None,
        typer.Argument(help="Which files are orgs: git pathspecs (default: orgs/)."),
    ] = None,
    repository: Annotated[
        Path, typer.Option("--repo", help="The git repository (default: this folder).")
    ] = Path(),
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the comment to this file.")
    ] = None,
    post: Annotated[
        bool, typer.Option("--post", help="Post or update the pull request's comment.")
    ] = False,
    github_repo: Annotated[
        str | None,
        typer.Option("--github-repo", help="OWNER/NAME (default: $GITHUB_REPOSITORY)."),
    ] = None,
    number: Annotated[int | None, typer.Option("--pr", help="The pull request's number.")] = None,
) -> None:
    """Print (or post) the pull request's org review."""
    from orgmodel.output import write_atomic
    from orgmodel.review.comment import review_comment
    from orgmodel.review.github import post_review

    try:
        body = review_comment(base, head, pathspecs or list(DEFAULT_PATHSPECS), repository)
        if output is not None:
            write_atomic(output, body)
        if post:
            slug = github_repo or os.environ.get("GITHUB_REPOSITORY", "")
            done = post_review(body, slug, number or 0, os.environ.get("GITHUB_TOKEN", ""))
            typer.echo(f"orgmodel: {done} the review comment on {slug}#{number}", err=True)
    except OrgmodelError as error:
        for line in error.report_lines():
            typer.echo(line, err=True)
        raise typer.Exit(error.exit_code) from None
    if not post and output is None:
        sys.stdout.write(body)


if __name__ == "__main__":
    app(prog_name="python -m orgmodel.review")
