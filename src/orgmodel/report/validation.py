"""Reporters for `validate`: located lines for people and editors, JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Sequence

from orgmodel import wording
from orgmodel.check.result import Issue, ValidationResult
from orgmodel.errors import format_path
from orgmodel.formats.registry import Format


def render_text(results: Sequence[ValidationResult], strict: bool = False) -> str:
    """One `FILE:LINE:COL: path: message` line per finding, then one verdict line per file."""
    lines: list[str] = []
    for result in results:
        lines.extend(issue.located(result.file) for issue in result.issues)
        errors, warnings = len(result.errors), len(result.warnings)
        verdict = "valid" if result.ok(strict) else "invalid"
        if strict and not errors and warnings:
            verdict += " (--strict: warnings fail)"
        lines.append(
            f"{result.file}: {verdict}: "
            f"{wording.plural(errors, 'error')}, {wording.plural(warnings, 'warning')}"
        )
    return "\n".join(lines) + "\n"


def _issue_json(issue: Issue) -> dict[str, object]:
    return {
        "severity": issue.severity,
        "code": issue.code,
        "path": format_path(issue.path),
        "line": issue.line,
        "column": issue.column,
        "message": issue.message,
    }


def render_validation_json(results: Sequence[ValidationResult], strict: bool = False) -> str:
    document = {
        "orgmodel_validate": 1,
        "valid": all(r.ok(strict) for r in results),
        "files": [
            {
                "file": r.file,
                "valid": r.ok(strict),
                "errors": [_issue_json(i) for i in r.errors],
                "warnings": [_issue_json(i) for i in r.warnings],
            }
            for r in results
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


REPORTERS = {Format.text: render_text, Format.json: render_validation_json}
