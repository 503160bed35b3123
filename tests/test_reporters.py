"""Reporters on hand-built results: each renders one result object and knows nothing of how it was
found, so each is tested here on an object written out by hand — every kind of entry at once, and
the empty one — rather than only through the CLI goldens."""

from __future__ import annotations

import dataclasses
import json

from orgmodel.check.result import Issue, ValidationResult
from orgmodel.diff import (
    Flow,
    InteractionChange,
    OrgDiff,
    PersonChange,
    Snapshot,
    UnitChange,
    UnitLineage,
)
from orgmodel.metrics import KeyPerson, OrgMetrics, OrgStats, UnitShape
from orgmodel.model import Org
from orgmodel.report import diff_json, diff_markdown, diff_text, stats, validation
from orgmodel.report.whatif import render_impact
from orgmodel.structure import derive
from orgmodel.whatif import Change, Orphan, WhatIf

# -- validate ---------------------------------------------------------------------------------

FINDINGS = ValidationResult(
    "a.yaml",
    (
        Issue(
            "error", "unknown-person", "lead 'alcie' is not a person", ("units", 0, "lead"), 13, 11
        ),
        Issue("warning", "one-report", "Zoë manages exactly one person", ("people", 2), 9, None),
        Issue("warning", "elsewhere", "found in the mapped file", (), 3, 4, source="b.csv"),
        Issue("warning", "unplaced", "no line known", ("name",)),
    ),
)
CLEAN = ValidationResult("b.yaml", ())
WARNED = ValidationResult("c.yaml", (Issue("warning", "w", "only a warning", (), 1, 1),))


def test_validation_text_lists_every_finding_located_then_one_verdict_per_file() -> None:
    assert validation.render_text([FINDINGS, CLEAN, WARNED]) == (
        "a.yaml:13:11: units[0].lead: lead 'alcie' is not a person\n"
        "a.yaml:9:1: people[2]: warning: Zoë manages exactly one person\n"
        "b.csv:3:4: warning: found in the mapped file\n"
        "a.yaml: name: warning: no line known\n"
        "a.yaml: invalid: 1 error, 3 warnings\n"
        "b.yaml: valid: 0 errors, 0 warnings\n"
        "c.yaml:1:1: warning: only a warning\n"
        "c.yaml: valid: 0 errors, 1 warning\n"
    )


def test_validation_text_under_strict_says_why_warnings_fail() -> None:
    assert validation.render_text([WARNED], strict=True).splitlines()[-1] == (
        "c.yaml: invalid (--strict: warnings fail): 0 errors, 1 warning"
    )
    assert validation.render_text([FINDINGS], strict=True).splitlines()[-1] == (
        "a.yaml: invalid: 1 error, 3 warnings"  # it fails for its error, not for --strict
    )


def test_validation_json_splits_errors_from_warnings_with_stable_keys() -> None:
    text = validation.render_validation_json([FINDINGS, WARNED])
    assert "Zoë" in text  # kept as written, not escaped
    document = json.loads(text)
    assert (document["orgmodel_validate"], document["valid"]) == (1, False)
    a, c = document["files"]
    assert (a["file"], a["valid"], c["file"], c["valid"]) == ("a.yaml", False, "c.yaml", True)
    assert a["errors"] == [
        {
            "severity": "error",
            "code": "unknown-person",
            "path": "units[0].lead",
            "line": 13,
            "column": 11,
            "message": "lead 'alcie' is not a person",
        }
    ]
    assert [(w["code"], w["path"], w["line"], w["column"]) for w in a["warnings"]] == [
        ("one-report", "people[2]", 9, None),
        ("elsewhere", "", 3, 4),
        ("unplaced", "name", None, None),
    ]
    assert json.loads(validation.render_validation_json([WARNED], strict=True))["valid"] is False
    assert json.loads(validation.render_validation_json([])) == {
        "orgmodel_validate": 1,
        "valid": True,
        "files": [],
    }


# -- diff -------------------------------------------------------------------------------------

METRICS = {
    "headcount": (5, 6),
    "filled": (4, 5),
    "vacant": (1, 1),
    "units": (2, 3),
    "layers": (2, 3),
    "managers": (1, 2),
    "span_min": (4, 1),
    "span_median": (4, 2.5),
    "span_mean": (4, 2.5),
    "span_max": (4, 4),
}
MANAGER = ("ceo", "wes")
EVERY_KIND = OrgDiff(
    before=Snapshot("Acme", "2025-01-01", 5, 2),
    after=Snapshot("Acme | *new*", None, 6, 3),
    people=(
        PersonChange("ann", "moved", "Ann", {"unit": ("eng", "web"), "manager": MANAGER}),
        PersonChange(
            "bob",
            "moved",
            "Bob",
            {"unit": ("eng", "web"), "manager": MANAGER, "title": ("Dev", "Lead dev")},
        ),
        PersonChange("cat", "left", "Cat", {"unit": ("eng", None)}),
        PersonChange("dan", "joined", "Dan", {"unit": (None, "api")}),
        PersonChange(
            "eve", "changed", "Eve", {"tags": (["a"], ["b"]), "attrs.site": ("Lyon", None)}
        ),
        PersonChange("job-1", "opened", "Open: Engineer", {"unit": (None, "api")}),
        PersonChange("job-2", "filled", "Fay", {"name": (None, "Fay"), "vacant": (True, False)}),
        PersonChange("job-3", "closed", "Open: Designer", {"unit": ("eng", None)}),
    ),
    units=(
        UnitChange("api", "added", "API", {"name": (None, "API"), "parent": (None, "co")}),
        UnitChange(
            "eng", "removed", "Engineering", {"name": ("Engineering", None), "parent": (None, None)}
        ),
        UnitChange("ops", "moved", "Ops", {"parent": ("co", "web")}),
        UnitChange(
            "web", "renamed", "Web [beta]", {"id": ("www", "web"), "name": ("WWW", "Web [beta]")}
        ),
    ),
    lineage=(
        UnitLineage(
            "split",
            ("eng",),
            ("api", "web"),
            4,
            0.8,
            True,
            (
                Flow("eng", "api", ("dan", "gus"), (), 0.4),
                Flow("eng", "web", ("ann", "bob"), ("qa",), 0.4),
                Flow("eng", "ops", (), (), 0.0),  # no evidence: not listed
            ),
        ),
    ),
    interactions=(
        InteractionChange("api", "web", "added", (None, "x-as-a-service")),
        InteractionChange("co", "ops", "removed", ("facilitating", None)),
        InteractionChange("co", "web", "changed", ("collaboration", "facilitating")),
    ),
    metrics=METRICS,
)
NOTHING = OrgDiff(
    Snapshot("Acme", "2025-01-01", 5, 2),
    Snapshot("Acme", "2025-02-01", 5, 2),
    (),
    (),
    (),
    (),
    {name: (before, before) for name, (before, _) in METRICS.items()},
)


def test_the_summary_counts_a_hand_built_diff() -> None:
    counts = {key: n for key, n in EVERY_KIND.summary.items() if n}
    assert counts == {
        "people_moved": 2,
        "people_left": 1,
        "people_joined": 1,
        "people_changed": 1,
        "positions_opened": 1,
        "positions_filled": 1,
        "positions_closed": 1,
        "units_added": 1,
        "units_removed": 1,
        "units_moved": 1,
        "units_renamed": 1,
        "units_split": 1,
        "interactions_added": 1,
        "interactions_removed": 1,
        "interactions_changed": 1,
    }
    assert NOTHING.empty and not any(NOTHING.summary.values())


def test_diff_text_reads_like_a_plan() -> None:
    assert diff_text.render_text(EVERY_KIND) == (
        "orgmodel diff: Acme (2025-01-01) → Acme | *new*\n"
        "\n"
        "Units\n"
        "  + api  API, under co (added)\n"
        "  - eng  Engineering, at the top (removed)\n"
        "  ~ ops  Ops (moved): parent: co → web\n"
        '  ~ web  Web [beta] (renamed): id: www → web; name: "WWW" → "Web [beta]"\n'
        "\n"
        "Lineage\n"
        "  → split eng → api, web  (declared with formerly; 4 people, 80%)\n"
        "      eng → api: 2 people (40%)\n"
        "      eng → web: 2 people (40%), units qa\n"
        "\n"
        "Interactions\n"
        "  + api → web (x-as-a-service)\n"
        "  - co → ops (facilitating)\n"
        "  ~ co → web: mode collaboration → facilitating\n"
        "\n"
        "People\n"
        "  Left (1)\n"
        "    - cat  Cat (was in eng)\n"
        "  Joined (1)\n"
        "    + dan  Dan → api\n"
        "  Moved (2)\n"
        "    ~ eng → web (2), now reporting to wes\n"
        "        ann  Ann\n"
        '        bob  Bob: title: "Dev" → "Lead dev"\n'
        "  Positions filled (1)\n"
        '    ~ job-2  Fay: name: (none) → "Fay"; vacant: true → false\n'
        "  Positions opened (1)\n"
        "    + job-1  Open: Engineer → api\n"
        "  Positions closed (1)\n"
        "    - job-3  Open: Designer (was in eng)\n"
        "  Changed (1)\n"
        '    ~ eve  Eve: tags: +"b", -"a"; attrs.site: "Lyon" → (none)\n'
        "\n"
        "Metrics\n"
        "  headcount             5 → 6        (+1)\n"
        "  filled                4 → 5        (+1)\n"
        "  open positions        1 → 1\n"
        "  units                 2 → 3        (+1)\n"
        "  layers                2 → 3        (+1)\n"
        "  managers              1 → 2        (+1)\n"
        "  span min              4 → 1        (-3)\n"
        "  span median           4 → 2.5      (-1.5)\n"
        "  span mean             4 → 2.5      (-1.5)\n"
        "  span max              4 → 4\n"
        "\n"
        "Reorg: 1 unit added, 1 split (eng → api, web), 1 renamed, 1 removed, 1 moved; "
        "2 people moved, 1 left, 1 joined, 1 changed, 1 position opened, 1 position filled, "
        "1 position closed; 3 interactions changed; layers 2 → 3.\n"
    )


def test_movers_without_one_shared_manager_keep_their_own() -> None:
    movers = (
        PersonChange("ann", "moved", "Ann", {"unit": ("eng", "web"), "manager": MANAGER}),
        PersonChange("bob", "moved", "Bob", {"unit": ("eng", "web")}),
    )
    text = diff_text.render_text(dataclasses.replace(NOTHING, people=movers))
    assert "    ~ eng → web (2)\n        ann  Ann: manager: ceo → wes\n        bob  Bob\n" in text


def test_an_empty_diff_says_so() -> None:
    assert diff_text.render_text(NOTHING) == (
        "orgmodel diff: Acme (2025-01-01) → Acme (2025-02-01)\n\nNo changes.\n"
    )
    assert (
        diff_markdown.render_markdown(NOTHING) == "### Org diff: Acme → Acme\n\n**No changes.**\n"
    )
    document = json.loads(diff_json.render_diff_json(NOTHING))
    assert [document[key] for key in ("people", "units", "lineage", "interactions")] == [[]] * 4
    assert not any(document["summary"].values())


def test_diff_markdown_takes_user_text_literally_and_has_one_row_per_entry() -> None:
    text = diff_markdown.render_markdown(EVERY_KIND)
    assert text.startswith("### Org diff: Acme → Acme \\| \\*new\\*\n")
    assert "| renamed | `web` | Web \\[beta\\] | " in text
    sections = dict(part.split("\n", 1) for part in text.split("#### ")[1:])
    rows = {title: body.count("\n| ") - 1 for title, body in sections.items()}  # less the rule
    assert rows == {"Units": 4, "Lineage": 1, "Interactions": 3, "People": 8, "Metrics": 10}
    assert "| split | `eng` | `api`, `web` | 4 | 80% | yes |" in text
    assert "| span max | 4 | 4 |  |" in text


def test_diff_json_is_the_document_laid_out_one_record_a_line() -> None:
    text = diff_json.render_diff_json(EVERY_KIND)
    document = json.loads(text)
    assert document == json.loads(json.dumps(diff_json.diff_document(EVERY_KIND)))
    records = [line for line in text.splitlines() if line.startswith('    {"')]
    assert len(records) == 8 + 4 + 1 + 3  # people, units, lineage, interactions
    [ann] = [p for p in document["people"] if p["id"] == "ann"]
    assert list(ann["fields"]) == ["manager", "unit"]  # fields sorted by name
    [split] = document["lineage"]
    assert (split["from"], split["to"], split["explicit"]) == (["eng"], ["api", "web"], True)
    assert split["flows"][1] == {
        "from": "eng",
        "to": "web",
        "people": ["ann", "bob"],
        "units": ["qa"],
        "share": 0.4,
    }
    assert document["after"] == {"name": "Acme | *new*", "as_of": None, "people": 6, "units": 3}
    assert document["metrics"]["span_median"] == [4, 2.5]


# -- stats ------------------------------------------------------------------------------------

BANDS = ("1", "2–3", "4–7", "8–12", "13–16", "17+")
BEFORE_STATS = OrgStats(
    metrics=OrgMetrics(5, 4, 1, 2, 2, 1, 4, 4, 4, 4),
    span_bands=dict(zip(BANDS, (0, 0, 1, 0, 0, 0), strict=True)),
    units_by_kind={"team": 2},
    units_by_function={},
    manager_ratio=5.0,
    one_report_managers=(),
    units_without_lead=("ops",),
    people_in_no_unit=("zoe",),
    shapes=(UnitShape("co", "functional", "its units each hold one function"),),
    key_people=(KeyPerson("ceo", 4, 1),),
    sole_leads=(("ceo", "co"),),
)
AFTER_STATS = OrgStats(
    metrics=OrgMetrics(6, 5, 1, 3, 3, 2, 1, 2.5, 2.5, 4),
    span_bands=dict(zip(BANDS, (2, 0, 1, 0, 0, 0), strict=True)),
    units_by_kind={"team": 3},
    units_by_function={"infra": 2, "product": 1},
    manager_ratio=3.0,
    one_report_managers=("wes",),
    units_without_lead=(),
    people_in_no_unit=(),
    shapes=(),
    key_people=(KeyPerson("ceo", 5, 2), KeyPerson("wes", 1, 1)),
    sole_leads=(),
)


def test_stats_text_of_one_org() -> None:
    lines = stats.render_text([("Acme", "2025-01-01", BEFORE_STATS)]).splitlines()
    assert lines[:7] == [
        "Acme · as of 2025-01-01",
        "",
        "  headcount       5 (4 filled, 1 open)",
        "  units           2 (team 2)",
        "  functions       none",
        "  layers          2",
        "  managers        1 (5 people per manager)",
    ]
    assert "      4–7  " + "█" * 30 + " 1" in lines and "        1   0" in lines
    assert "  units without lead   ops" in lines and "  one-report managers  none" in lines
    assert lines[-8:] == [
        "Shape",
        "  co: functional (its units each hold one function)",
        "",
        "Key people (people under them; units they lead)",
        "  ceo: 4 under, leads 1 unit",
        "",
        "Sole leads (no one else in the unit manages anyone)",
        "  ceo leads co",
    ]


def test_stats_text_of_two_orgs_puts_them_side_by_side_then_each_in_full() -> None:
    text = stats.render_text([("Acme", "2025-01-01", BEFORE_STATS), ("Acme 2", None, AFTER_STATS)])
    lines = text.splitlines()
    assert lines[:4] == [
        "Acme → Acme 2",
        "",
        "  metric            before    after   change",
        "  headcount              5        6       +1",
    ]
    assert "  span median            4      2.5     -1.5" in lines
    assert "  span max               4        4" in lines  # no change, no trailing blanks
    assert "  people/manager         5        3       -2" in lines
    assert "  1                      0        2" in lines
    assert "Shape after\n  no parent units\n" in text
    assert "  ceo: 5 under, leads 2 units\n" in text and "  functions       infra 1" not in text
    assert "Acme 2\n\n  headcount       6 (5 filled, 1 open)\n" in text
    assert "      1  " + "█" * 30 + " 2\n" in text and "    4–7  " + "█" * 15 + " 1\n" in text


def test_stats_markdown_and_json_of_two_orgs() -> None:
    sides = [("Acme", "2025-01-01", BEFORE_STATS), ("Acme 2", None, AFTER_STATS)]
    markdown = stats.render_markdown(sides)
    assert markdown.startswith(
        "### Org stats: Acme → Acme 2\n\n"
        "| metric | Acme | Acme 2 | change |\n"
        "|---|---:|---:|---:|\n"
    )
    assert "| span median | 4 | 2.5 | -1.5 |\n" in markdown
    assert "#### Shape: Acme 2\n\n- none\n" in markdown
    assert "- `co`: **functional** (its units each hold one function)" in markdown
    document = json.loads(stats.render_stats_json(sides))
    assert document["orgmodel_stats"] == 1
    assert document["change"]["span_median"] == -1.5 and document["change"]["span_max"] == 0
    assert document["after"]["key_people"][0] == {"person": "ceo", "under": 5, "leads": 2}
    assert document["before"]["sole_leads"] == [{"person": "ceo", "unit": "co"}]
    single = json.loads(stats.render_stats_json(sides[:1]))
    assert single["orgmodel_stats"] == 1 and single["name"] == "Acme" and "change" not in single


# -- whatif -----------------------------------------------------------------------------------

_EMPTY_ORG = Org.model_validate({"name": "x", "people": [], "units": []})
IMPACT = WhatIf(
    changes=(Change("remove", "lin"), Change("move", "ann", "web"), Change("vacate", "bob")),
    org=_EMPTY_ORG,
    structure=derive(_EMPTY_ORG),
    diff=NOTHING,
    orphans=(Orphan("cat", "lin", "zhou"), Orphan("dan", "lin", None)),
    leaderless=("qianwen", "infra"),
    span_jumps=(("zhou", 3, 8),),
    layers=(4, 3),
)


def test_whatif_impact_names_the_orphans_and_where_they_land() -> None:
    assert render_impact(IMPACT) == (
        "What if\n"
        "  remove lin\n"
        "  move ann → web\n"
        "  vacate bob\n"
        "\n"
        "Impact\n"
        "  Orphaned reports (2), and where they now land\n"
        "    cat: lin → zhou\n"
        "    dan: lin → (no manager)\n"
        "  Units that lose their lead: qianwen, infra\n"
        "  Spans that jump\n"
        "    zhou: 3 → 8\n"
        "  Layers: 4 → 3\n"
    )


def test_whatif_impact_of_a_change_that_harms_nothing() -> None:
    calm = dataclasses.replace(
        IMPACT, changes=(Change("vacate", "bob"),), orphans=(), leaderless=(), span_jumps=()
    )
    assert render_impact(calm).split("Impact\n")[1] == (
        "  Orphaned reports: none\n"
        "  Units that lose their lead: none\n"
        "  Spans that jump: none\n"
        "  Layers: 4 → 3\n"
    )


def test_stats_markdown_takes_names_literally() -> None:
    # The org's name goes into a heading and a table header: a pipe would add a column.
    sides: list[tuple[str, str | None, OrgStats]] = [("A|B *x* <b>", None, BEFORE_STATS)]
    text = stats.render_markdown(sides)
    assert "### Org stats: A\\|B \\*x\\* \\<b\\>" in text
    assert "| metric | A\\|B \\*x\\* \\<b\\> |" in text
