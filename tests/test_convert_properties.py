"""Round trips through `convert` for generated orgs: YAML → JSON → YAML always, and YAML → CSV →
YAML for orgs within the CSV form (one unit per person, one lead per unit, string attributes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgmodel.formats.yaml_emit import dump_yaml
from orgmodel.pipeline import load_org

from conftest import run_cli

text = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)
ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)


@st.composite
def csv_shaped_orgs(draw: st.DrawFn) -> dict[str, Any]:
    unit_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, len(unit_ids))]
    units = []
    people: list[dict[str, Any]] = []
    counter = 0

    def person() -> dict[str, Any]:
        nonlocal counter
        counter += 1
        entry: dict[str, Any] = {"id": f"p{counter}"}
        if draw(st.integers(0, 5)) == 0:
            entry["vacant"] = True
        else:
            entry["name"] = draw(text)
        if draw(st.booleans()):
            entry["title"] = draw(text)
        if draw(st.booleans()):
            entry["attrs"] = draw(st.dictionaries(ids, text, min_size=1, max_size=2))
        return entry

    for index, unit_id in enumerate(unit_ids):
        lead = person()
        members = [person() for _ in range(draw(st.integers(1, 3)))]
        unit: dict[str, Any] = {"id": unit_id, "name": draw(text | st.just(unit_id))}
        unit["lead"] = lead["id"]
        unit["members"] = [m["id"] for m in members]
        units.append((unit, parents[index], [lead, *members]))
    # People in the order the units are walked, as a CSV lists them.
    children: dict[int | None, list[int]] = {}
    for index, (_, parent, _) in enumerate(units):
        children.setdefault(parent, []).append(index)
    stack = [0]
    order = []
    while stack:
        index = stack.pop()
        order.append(index)
        stack.extend(reversed(children.get(index, [])))
    for index in order:
        people.extend(units[index][2])
    for index in reversed(order[1:]):
        unit, parent, _ = units[index]
        assert parent is not None  # only the root has none, and it is order[0]
        units[parent][0].setdefault("units", []).insert(0, unit)
    everyone = [p["id"] for p in people]
    for entry in people:
        if draw(st.integers(0, 6)) == 0:
            entry["dotted"] = [draw(st.sampled_from(everyone))]
    return {"orgmodel": 1, "name": "generated", "people": people, "units": [units[0][0]]}


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@SETTINGS
@given(csv_shaped_orgs())
def test_yaml_json_yaml(tmp_path: Path, data: dict[str, Any]) -> None:
    source = tmp_path / "org.yaml"
    source.write_text(dump_yaml(data))
    assert run_cli("convert", str(source), "-o", str(tmp_path / "org.json")).exit_code == 0
    assert (
        run_cli("convert", str(tmp_path / "org.json"), "-o", str(tmp_path / "back.yaml")).exit_code
        == 0
    )
    assert load_org(str(tmp_path / "back.yaml")).org == load_org(str(source)).org


@SETTINGS
@given(csv_shaped_orgs())
def test_yaml_csv_yaml(tmp_path: Path, data: dict[str, Any]) -> None:
    source = tmp_path / "org.yaml"
    source.write_text(dump_yaml(data))
    original = load_org(str(source))
    to_csv = run_cli("convert", str(source), "-o", str(tmp_path / "org.csv"))
    assert to_csv.exit_code == 0, to_csv.stderr
    back = run_cli(
        "convert",
        str(tmp_path / "org.csv"),
        "--name",
        "generated",
        "-o",
        str(tmp_path / "back.yaml"),
    )
    assert back.exit_code == 0, back.stderr
    assert load_org(str(tmp_path / "back.yaml")).org == original.org
