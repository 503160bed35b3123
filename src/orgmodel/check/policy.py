"""Policy gates for `validate` (DESIGN §5): span and layer limits and required leads, from the
command line or the project's config (`orgmodel.config`). Each violation is a located error."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from orgmodel import wording
from orgmodel.check.result import Issue
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
                    f"{pid!r} manages {wording.people(span)}, under the "
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
