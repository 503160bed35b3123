"""Policy gates for `validate` (DESIGN §5): span and layer limits and required leads, from the
command line or `[tool.orgmodel.policy]` in pyproject.toml. Each violation is a located error."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from orgmodel.check.result import Issue
from orgmodel.errors import InputError
from orgmodel.structure import Structure


@dataclass(frozen=True)
class Policy:
    max_span: int | None = None
    max_layers: int | None = None
    min_span: int | None = None  # flags managers with fewer reports (one-report managers)
    require_leads: bool = False

    @property
    def empty(self) -> bool:
        return self == Policy()

    def merged(self, **given: Any) -> Policy:
        """This policy with the options given on the command line taking precedence."""
        return replace(self, **{k: v for k, v in given.items() if v not in (None, False)})


def read_policy(root: Path) -> Policy:
    path = root / "pyproject.toml"
    if not path.is_file():
        return Policy()
    try:
        data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid TOML: {exc}", file=str(path)) from None
    section = data.get("tool", {}).get("orgmodel", {}).get("policy", {})
    if not isinstance(section, dict):
        raise InputError("[tool.orgmodel.policy] must be a table", file=str(path))
    known = {f.name: f for f in fields(Policy)}
    values: dict[str, Any] = {}
    for key, value in section.items():
        name = key.replace("-", "_")
        if name not in known:
            raise InputError(f"[tool.orgmodel.policy]: unknown key {key!r}", file=str(path))
        wanted = bool if name == "require_leads" else int
        if type(value) is not wanted or (wanted is int and value < 0):
            expected = "true or false" if wanted is bool else "a whole number"
            raise InputError(f"[tool.orgmodel.policy] {key}: expected {expected}", file=str(path))
        values[name] = value
    return Policy(**values)


def check_policy(s: Structure, policy: Policy) -> list[Issue]:
    issues: list[Issue] = []
    for pid, reports in s.reports.items():
        span = len(reports)
        if policy.max_span is not None and span > policy.max_span:
            issues.append(
                Issue(
                    "error",
                    "policy-max-span",
                    f"{pid!r} has a span of control of {span}, over the maximum of "
                    f"{policy.max_span}",
                    s.person_path(pid),
                )
            )
        if policy.min_span is not None and 0 < span < policy.min_span:
            issues.append(
                Issue(
                    "error",
                    "policy-min-span",
                    f"{pid!r} manages {span} {'person' if span == 1 else 'people'}, under the "
                    f"minimum span of {policy.min_span}",
                    s.person_path(pid),
                )
            )
    if policy.max_layers is not None and s.layers > policy.max_layers:
        deepest = max(s.level, key=lambda p: (s.level[p], -s.person_index[p]))
        chain = " → ".join(reversed(s.chain(deepest)))
        issues.append(
            Issue(
                "error",
                "policy-max-layers",
                f"{s.layers} layers, over the maximum of {policy.max_layers} ({chain})",
                s.person_path(deepest),
            )
        )
    if policy.require_leads:
        for unit in s.unit_order:
            if not s.units[unit].lead:
                issues.append(
                    Issue(
                        "error",
                        "policy-require-leads",
                        f"unit {unit!r} has no lead",
                        s.unit_paths[unit],
                    )
                )
    return issues
