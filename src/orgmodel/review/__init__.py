"""The pull-request review of org changes: the comment a pull request gets (`comment`), and
posting or updating it through GitHub's REST API (`github`). The pull request is only ever
read as data, from git (`REV:PATH`), never checked out or run. `python -m orgmodel.review`
is the script the GitHub Action runs."""
