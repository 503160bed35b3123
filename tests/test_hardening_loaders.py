"""Hardening of the YAML and JSON readers, found by fuzzing: every depth below the nesting limit
loads and every depth above it is refused with a location, numbers that could not be written
back are refused where they are written, aliases are bounded by what they would cost, standard
input may be closed or hold YAML that starts like JSON, and every message says where."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from orgmodel.errors import InputError
from orgmodel.formats.json import load_json
from orgmodel.formats.yaml import load_yaml

from conftest import run_cli, write


def _one_line(run_args: tuple[str, ...], code: int = 2, input: str | bytes | None = None) -> str:
    run = run_cli(*run_args, input=input)
    assert run.exit_code == code, run.stderr
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("orgmodel: "), run.stderr
    return run.stderr


# Documents nested exactly `depth` levels deep, the innermost holding a 1.
def _flow_mappings(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth


def _flow_sequences(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def _block_mappings(depth: int) -> str:
    return "".join("  " * i + "a:\n" for i in range(depth - 1)) + "  " * (depth - 1) + "a: 1\n"


def _block_sequences(depth: int) -> str:
    return "".join("  " * i + "-\n" for i in range(depth - 1)) + "  " * (depth - 1) + "- 1\n"


def _json_objects(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


def _json_arrays(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


YAML_SHAPES = [_flow_mappings, _flow_sequences, _block_mappings, _block_sequences]
DEPTHS = [900, 950, 999, 1000, 1001, 5000]


def _under_a_deep_stack(call: Callable[[], object], frames: int = 100) -> object:
    """As from a command, some frames deep already."""
    return call() if frames == 0 else _under_a_deep_stack(call, frames - 1)


def _loads(shape: Callable[[int], str], depth: int) -> bool:
    """Whether the parser in use accepts this depth. libyaml counts block-style nesting one level
    more than flow style: a block document 1,000 deep is refused (by libyaml itself)."""
    return depth < 1000 or (depth == 1000 and shape not in (_block_mappings, _block_sequences))


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("shape", YAML_SHAPES, ids=lambda s: s.__name__)
def test_yaml_depths_up_to_the_limit_load_and_deeper_is_refused_with_a_location(
    shape: Callable[[int], str], depth: int
) -> None:
    text = shape(depth)
    if _loads(shape, depth):
        value = _under_a_deep_stack(lambda: load_yaml(text, "deep.yaml")[0])
        for _ in range(depth):
            value = value["a"] if isinstance(value, dict) else value[0]  # type: ignore[index]
        assert value == 1
    else:
        with pytest.raises(InputError, match="nested more than 1000 levels deep") as raised:
            _under_a_deep_stack(lambda: load_yaml(text, "deep.yaml"))
        assert raised.value.line is not None and raised.value.column is not None


def test_an_alias_cannot_take_a_deep_value_past_the_limit() -> None:
    deep = _flow_sequences(998)
    assert load_yaml(f"a: &x {deep}\nb: [*x]\n", "t.yaml")[0] is not None  # 1,000 levels
    with pytest.raises(InputError, match="nested more than 1000 levels deep") as raised:
        load_yaml(f"a: &x {deep}\nb: [[*x]]\n", "t.yaml")
    assert (raised.value.line, raised.value.column) == (2, 5)


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("shape", [_json_objects, _json_arrays], ids=lambda s: s.__name__)
def test_json_has_the_same_depth_limit_with_a_location(
    shape: Callable[[int], str], depth: int
) -> None:
    text = shape(depth)
    if depth <= 1000:
        value = _under_a_deep_stack(lambda: load_json(text, "deep.json")[0])
        for _ in range(depth):
            value = value["a"] if isinstance(value, dict) else value[0]  # type: ignore[index]
        assert value == 1
    else:
        with pytest.raises(InputError, match="JSON nested more than 1000 levels deep") as raised:
            _under_a_deep_stack(lambda: load_json(text, "deep.json"))
        opening = 6001 if shape is _json_objects else 1001  # where level 1,001 opens
        assert (raised.value.line, raised.value.column) == (1, opening)


@pytest.mark.parametrize("depth", [999, 1000, 1001, 5000])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_documents_through_the_cli(tmp_path: Path, suffix: str, depth: int) -> None:
    # Nested in an org's attrs: the model refuses a list there (exit 1), or the reader the depth.
    inner = (_json_arrays if suffix == ".json" else _flow_sequences)(depth - 4)  # 4 levels above
    text = '{"name": "x", "people": [{"id": "a", "name": "A", "attrs": {"k": ' + inner + "}}]}"
    path = write(tmp_path / f"deep{suffix}", text)
    if depth <= 1000:
        run = run_cli("validate", str(path))
        assert run.exit_code == 1, run.stderr
        assert run.stderr.startswith(f"{path}:1:"), run.stderr
        assert "attrs" in run.stderr.splitlines()[0]
    else:
        message = _one_line(("validate", str(path)))
        assert message.startswith(f"orgmodel: {path}:1:")
        assert "nested more than 1000 levels deep" in message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name: x\nattrs:\n  n: " + "9" * 5000 + "\n", (3, 6)),
        ("name: x\nsources: [" + "1" * 4301 + "]\n", (2, 11)),
        ("name: x\nattrs: {n: !!int " + "7" * 4400 + "}\n", (2, 12)),
        ("name: x\nattrs: {n: 0x" + "f" * 4000 + "}\n", (2, 12)),
    ],
)
def test_a_yaml_integer_too_long_to_write_back_is_refused_with_a_location(
    tmp_path: Path, text: str, where: tuple[int, int]
) -> None:
    path = write(tmp_path / "long.yaml", text)
    message = _one_line(("validate", str(path)))
    assert message.startswith(f"orgmodel: {path}:{where[0]}:{where[1]}: ")
    assert "4,300 digits" in message


def test_a_json_integer_too_long_is_refused_with_a_location(tmp_path: Path) -> None:
    path = write(tmp_path / "long.json", '{"name": "x",\n "attrs": {"n": ' + "9" * 5000 + "}}\n")
    message = _one_line(("validate", str(path)))
    assert message.startswith(f"orgmodel: {path}:2:17: ")
    assert "4,300 digits" in message


def test_the_longest_integer_still_loads() -> None:
    assert load_yaml("n: " + "9" * 4300, "t.yaml")[0] == {"n": int("9" * 4300)}
    assert load_json('{"n": -' + "9" * 4300 + "}", "t.json")[0] == {"n": -int("9" * 4300)}


@pytest.mark.parametrize(
    "text",
    [
        "name: x\npeople:\n  - {id: a, name: A, attrs: {score: .nan}}\n",
        "name: x\npeople:\n  - {id: a, name: A, attrs: {score: -.Inf}}\n",
        "name: x\npeople:\n  - {id: a, name: A, attrs: {score: 1e999}}\n",
        "name: x\npeople:\n  - {id: a, name: A, attrs: {score: !!float .inf}}\n",
    ],
)
def test_yaml_nan_and_infinity_are_refused_with_a_location(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "nan.yaml", text)
    message = _one_line(("validate", str(path)))
    column = text.splitlines()[2].index("score: ") + len("score: ") + 1
    assert message.startswith(f"orgmodel: {path}:3:{column}: ")
    assert "not a finite number" in message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_json_nan_and_infinity_are_refused_with_a_location(tmp_path: Path, constant: str) -> None:
    text = '{"name": "x NaN",\n  "people": [{"id": "a", "attrs": {"s": ' + constant + "}}]}\n"
    path = write(tmp_path / "nan.json", text)
    message = _one_line(("validate", str(path)))
    column = text.splitlines()[1].index(constant) + 1
    assert message.startswith(f"orgmodel: {path}:2:{column}: {constant} is not ")


def test_quoted_nan_stays_text_and_every_written_output_reads_back(tmp_path: Path) -> None:
    source = write(
        tmp_path / "org.yaml",
        "name: x\npeople:\n  - {id: a, name: A, attrs: {score: '.nan', big: '1e999', n: 1.5}}\n",
    )
    as_json = tmp_path / "org.json"
    assert run_cli("convert", str(source), "-o", str(as_json)).exit_code == 0
    written = json.loads(as_json.read_text())  # strict JSON: no NaN to refuse
    assert written["people"][0]["attrs"] == {"score": ".nan", "big": "1e999", "n": 1.5}
    assert run_cli("validate", str(as_json)).exit_code == 0


def _alias_tree(levels: int, fan: int) -> str:
    """Units defined with anchors, each holding `fan` aliases of the one before: about
    fan ** levels units from a few hundred bytes."""
    lines = ["name: x", "units:", "  - &u0 {id: a, name: b}"]
    for i in range(1, levels):
        refs = ", ".join([f"*u{i - 1}"] * fan)
        lines.append(f"  - &u{i} {{id: a, name: b, units: [{refs}]}}")
    return "\n".join(lines) + "\n"


_MEASURE = textwrap.dedent(
    """
    import resource, subprocess, sys, time
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "orgmodel", "validate", sys.argv[1]],
                         capture_output=True, text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(run.returncode, time.perf_counter() - start, peak)
    print(run.stderr.splitlines()[0] if run.stderr else "")
    """
)


def _cost(path: Path) -> tuple[int, float, int, str]:
    """Exit code, seconds, peak megabytes of `orgmodel validate PATH` as its own process."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    code, seconds, megabytes = out[0].split()
    return int(code), float(seconds), int(megabytes), out[1] if len(out) > 1 else ""


def test_a_small_file_of_inline_anchored_units_is_refused_cheaply(tmp_path: Path) -> None:
    text = _alias_tree(8, 8)  # 2 million units from 542 bytes
    assert len(text) < 1024
    path = write(tmp_path / "units.yaml", text)
    code, seconds, megabytes, first = _cost(path)
    assert code == 2 and "alias bomb" in first, first
    assert seconds < 2.0 and megabytes < 200, (seconds, megabytes)


def test_the_most_aliases_allow_stays_within_the_budget(tmp_path: Path) -> None:
    # Just under the bound: people copied by alias, as many as the bound lets through.
    lines = ["name: x", "people:", "  - &p {id: a, name: b}"] + ["  - *p"] * 49_000
    path = write(tmp_path / "many.yaml", "\n".join(lines) + "\n")
    assert path.stat().st_size < 1024 * 1024
    code, seconds, megabytes, first = _cost(path)
    assert code == 1 and "duplicate person id" in first, first  # read, then found invalid
    assert seconds < 4.0 and megabytes < 200, (seconds, megabytes)


def test_moderate_alias_use_still_works(tmp_path: Path) -> None:
    # Shared attrs, tags and a member list, by anchor: 2,000 people.
    ids = [f"p{i}" for i in range(2000)]
    people = [
        "  - {id: p0, name: P0, attrs: &site {site: Hangzhou, floor: 3}, tags: &tags [ml, ops]}"
    ] + [f"  - {{id: {pid}, name: N, attrs: *site, tags: *tags}}" for pid in ids[1:]]
    text = "\n".join(
        [
            "name: x",
            "people:",
            *people,
            "units:",
            f"  - {{id: all, name: All, lead: p0, members: &everyone [{', '.join(ids)}]}}",
            "  - {id: guild, name: Guild, overlay: true, lead: p1, members: *everyone}",
        ]
    )
    path = write(tmp_path / "shared.yaml", text + "\n")
    run = run_cli("validate", str(path))
    assert run.exit_code == 0, run.stderr
    value = load_yaml(text, "shared.yaml")[0]
    assert isinstance(value, dict)
    assert value["people"][-1]["attrs"] == {"site": "Hangzhou", "floor": 3}


def test_stdin_closed_is_a_one_line_message() -> None:
    run = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m orgmodel validate - <&-'],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr == "orgmodel: <stdin>: standard input is closed: nothing to read\n"


def test_yaml_flow_mapping_on_stdin_is_read_as_yaml() -> None:
    run = run_cli("validate", "-", input="{name: x, people: [{id: a, name: A}]}\n")
    assert run.exit_code == 0, run.stderr
    assert "<stdin>: valid" in run.stderr
    run = run_cli("validate", "-", input='{"name": "x", "people": []}\n')
    assert run.exit_code == 0, run.stderr  # JSON is still read as JSON


def test_stdin_that_is_neither_reports_the_reader_that_got_further() -> None:
    # JSON stops at the unquoted key (column 2); YAML reads on to the missing bracket.
    message = _one_line(("validate", "-"), input="{name: x, people: [\n")
    assert message.startswith("orgmodel: <stdin>:2:1: YAML syntax"), message
    # Both stop at the same place: JSON's message, as it started like JSON.
    message = _one_line(("validate", "-"), input='{"name": "x", "people": [}\n')
    assert message.startswith("orgmodel: <stdin>:1:"), message
    assert "JSON syntax" in message


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_bom_then_a_bad_byte_reports_that_byte(tmp_path: Path, suffix: str) -> None:
    body = "name: Zoë\n" if suffix == ".yaml" else '{"name": "Zoë"}\n'
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("latin-1"))
    message = _one_line(("validate", str(path)))
    column = body.index("ë") + 1  # counted in characters after the BOM, as the readers do
    offset = 3 + body.index("ë")  # in bytes, BOM included
    assert message == (
        f"orgmodel: {path}:1:{column}: not UTF-8 text: byte 0xeb (offset {offset}); "
        "save the file as UTF-8\n"
    )


def test_not_utf8_is_located_on_a_later_line_by_characters(tmp_path: Path) -> None:
    path = tmp_path / "later.yaml"
    path.write_bytes("name: Zoë\npeople: [ï, ".encode() + b"\xff]\n")
    message = _one_line(("validate", str(path)))
    assert message.startswith(f"orgmodel: {path}:2:13: not UTF-8 text: byte 0xff (offset ")


def test_a_2000_character_attrs_key_survives_convert_to_yaml_and_back(tmp_path: Path) -> None:
    key = "k" * 1000 + " é: #" + "x" * 995
    data = {"name": "x", "people": [{"id": "a", "name": "A", "attrs": {key: "v", "short": 1}}]}
    source = write(tmp_path / "org.json", json.dumps(data))
    as_yaml, back = tmp_path / "org.yaml", tmp_path / "back.json"
    assert run_cli("convert", str(source), "-o", str(as_yaml)).exit_code == 0
    run = run_cli("convert", str(as_yaml), "-o", str(back))
    assert run.exit_code == 0, run.stderr
    assert json.loads(back.read_text())["people"] == data["people"]
    assert load_yaml(as_yaml.read_text(), "org.yaml")[0] == json.loads(back.read_text())


def test_long_keys_are_written_as_explicit_keys_wherever_they_are() -> None:
    from orgmodel.formats.yaml_emit import dump_yaml

    key = "é" * 1100
    data = {"a": [{key: {key: [1, {key: []}]}, "b": 2}], key: "x", "c": {key: None}}
    written = dump_yaml(data)
    assert f"? {key}" in written
    assert load_yaml(written, "t.yaml")[0] == data


def test_the_alias_bound_holds_for_a_whole_multi_document_stream() -> None:
    from orgmodel.formats.yaml import load_yaml_documents

    document = _alias_tree(4, 30)  # 27,000 units: under the bound alone, not three times
    assert len(load_yaml_documents(document, "one.yaml")) == 1
    with pytest.raises(InputError, match="alias bomb"):
        load_yaml_documents("---\n".join([document] * 3), "three.yaml")


_PURE_PYTHON = textwrap.dedent(
    """
    import sys
    sys.modules["yaml._yaml"] = None  # as if PyYAML were built without libyaml
    from orgmodel.errors import InputError
    from orgmodel.formats import yaml as reader
    assert not reader.HAVE_LIBYAML
    for depth in (999, 1000, 1001, 5000):
        try:
            reader.load_yaml("[" * depth + "]" * depth, "deep.yaml")
            print(depth, "ok")
        except InputError as error:
            print(depth, error)
    """
)


def test_the_pure_python_parser_has_the_same_depth_limit() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PURE_PYTHON], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    refused = "deep.yaml:1:1001: YAML syntax: nested more than 1000 levels deep"
    assert out == ["999 ok", "1000 ok", f"1001 {refused}", f"5000 {refused}"]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_the_model_itself_holds_no_number_json_cannot(value: float) -> None:
    # An org built in code, not read from a file, must not reach a writer with NaN either.
    from pydantic import ValidationError

    from orgmodel.model import Person

    with pytest.raises(ValidationError, match="finite number"):
        Person(id="a", name="A", attrs={"x": value})


@pytest.mark.parametrize(
    ("escaped", "at"),
    [("A\\ud800", 1), ("A\\udc00x", 1), ("A\\ud800\\ud800\\udc00", 1), ("\\\\\\udbff", 2)],
)
def test_a_lone_surrogate_escape_in_json_is_located(tmp_path: Path, escaped: str, at: int) -> None:
    # It decodes to half a UTF-16 pair, which no written output (YAML, SVG, a terminal) holds.
    line = ' "people": [{"id": "a", "name": "'
    column = len(line) + at + 1
    path = write(tmp_path / "s.json", '{"name": "X",\n' + line + escaped)
    path.write_text(path.read_text() + '"}]}')
    run = run_cli("convert", str(path), "-o", str(tmp_path / "out.yaml"))
    assert run.exit_code == 2, run.stderr
    assert run.stderr.startswith(f"orgmodel: {path}:2:{column}: \\u"), run.stderr
    assert "surrogate" in run.stderr and not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("escaped", ["A\\ud83d\\ude00", "A\\\\ud800", "A\\\\\\\\ud800"])
def test_surrogate_pairs_and_escaped_backslashes_still_load(tmp_path: Path, escaped: str) -> None:
    path = write(tmp_path / "s.json", '{"name": "X", "people": [{"id": "a", "name": "' + escaped)
    path.write_text(path.read_text() + '"}]}')
    run = run_cli("convert", str(path), "-o", str(tmp_path / "out.yaml"))
    assert run.exit_code == 0, run.stderr
