"""From an input spec to plain data and a source map; `orgmodel.pipeline` builds the Org."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, BinaryIO

from orgmodel.check.result import Issue
from orgmodel.errors import InputError
from orgmodel.formats.locate import SourceMap
from orgmodel.formats.registry import Format
from orgmodel.formats.source import Source, decode_text, decode_utf8, read_source

if TYPE_CHECKING:
    from orgmodel.formats.csv import CsvOptions

__all__ = ["Format", "Parsed", "Source", "parse_source", "read_source"]


@dataclass(frozen=True)
class Parsed:
    """A document read into plain data, with the way back to its positions."""

    source: Source
    data: Any
    source_map: SourceMap
    issues: list[Issue] = field(default_factory=list)  # found while reading, already located


def parse_source(source: Source, csv_options: CsvOptions | None = None) -> Parsed:
    """Decode and parse one source. Raises InputError when it cannot be read as a document.
    Each format's reader is imported when a source of it is read (the CSV reader took 12 ms of
    a YAML file's start-up)."""
    if source.format == "csv":
        from orgmodel.formats.csv import CsvOptions, load_csv

        options = csv_options or CsvOptions()
        text, note = decode_text(source.data, source.name, options.encoding)
        csv_data, csv_map, issues = load_csv(text, source.name, options)
        if note is not None:
            issues.insert(0, Issue("warning", "csv-encoding", note, line=1, column=1))
        return Parsed(source, csv_data, csv_map, issues)
    text = decode_utf8(source.data, source.name)
    if source.format != "json":
        return _parse_yaml(source, text)
    from orgmodel.formats.json import load_json

    try:
        data, json_map, issues = load_json(text, source.name)
    except InputError as json_error:
        if not source.sniffed:
            raise
        return _yaml_after_all(source, text, json_error)
    return Parsed(source, data, json_map, issues)


def _parse_yaml(source: Source, text: str) -> Parsed:
    from orgmodel.formats.yaml import load_yaml  # PyYAML is imported only for YAML input

    data, yaml_map, issues = load_yaml(text, source.name)
    return Parsed(source, data, yaml_map, issues)


def _yaml_after_all(source: Source, text: str, json_error: InputError) -> Parsed:
    """Unnamed input that starts like JSON but is not JSON may be YAML in flow style (`{name: x}`).
    If YAML cannot read it either, the error of the reader that got further stands."""
    try:
        return _parse_yaml(replace(source, format=Format.yaml), text)
    except InputError as yaml_error:
        if _reached(yaml_error) > _reached(json_error):
            raise yaml_error from None
        raise json_error from None


def _reached(error: InputError) -> tuple[int, int]:
    return error.line or 0, error.column or 0


def read_and_parse(
    spec: str,
    input_format: Format | None = None,
    stdin: BinaryIO | None = None,
    csv_options: CsvOptions | None = None,
) -> Parsed:
    return parse_source(read_source(spec, input_format, stdin), csv_options)
