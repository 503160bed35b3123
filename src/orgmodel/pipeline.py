"""The path every command takes: read an input, parse it, check it against format 1 (schema
errors from the model, then the checks that need the whole org), every finding located
(DESIGN §1.5); and `load_org`, which gives a valid org or an error."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from orgmodel.check.policy import Policy, check_policy
from orgmodel.check.references import check_structure
from orgmodel.check.result import Issue, ValidationResult
from orgmodel.check.schema import check_schema, document_issue, follows_from_patch, object_path
from orgmodel.errors import OrgmodelError, Path
from orgmodel.formats.locate import SourceMap
from orgmodel.formats.parse import Parsed, parse_source, read_and_parse
from orgmodel.formats.registry import Format
from orgmodel.formats.source import Source
from orgmodel.gcpause import gc_paused
from orgmodel.model import Org
from orgmodel.structure import Structure, derive

if TYPE_CHECKING:
    from orgmodel.formats.csv import CsvOptions


class InvalidOrgError(OrgmodelError):
    """The input was read but is not a valid org; carries every finding."""

    exit_code = 1

    def __init__(self, result: ValidationResult) -> None:
        first = result.errors[0]
        super().__init__(first.message, file=result.file, line=first.line, column=first.column)
        self.result = result

    def report_lines(self) -> list[str]:
        return [issue.located(self.result.file) for issue in self.result.errors]


@dataclass(frozen=True)
class LoadedOrg:
    """A valid org with its derived structure (warnings are for `validate` to show)."""

    file: str
    org: Org
    structure: Structure


def validate_parsed(
    parsed: Parsed, policy: Policy | None = None, warnings: bool = True
) -> ValidationResult:
    """Every finding about a parsed input, located. `warnings=False` looks for errors only, for
    callers that do not show warnings (finding and locating them costs a pass over a large
    file)."""
    name = parsed.source.name
    data = parsed.data
    source_map = parsed.source_map
    stop = document_issue(data)
    if stop is not None:
        return _result(name, [*parsed.issues, stop], source_map)

    org, schema_issues, patched = check_schema(data)
    issues: list[Issue] = [*parsed.issues, *schema_issues]
    structure = None
    found: list[Issue] = []
    if org is not None:
        structure = derive(org)
        found = check_structure(structure, warnings)
        if policy is not None and not policy.empty:
            found += check_policy(structure, policy)
        if patched:
            found = [i for i in found if not follows_from_patch(i, patched)]
    if not warnings:
        issues = [i for i in issues if i.severity == "error"]
        found = [i for i in found if i.severity == "error"]
    if any(i.severity == "error" for i in itertools.chain(issues, found)):
        return _result(name, issues, source_map, checked=found)
    return _result(name, issues, source_map, org, structure, checked=found)


def _result(
    name: str,
    issues: list[Issue],
    source_map: SourceMap,
    org: Org | None = None,
    structure: Structure | None = None,
    checked: list[Issue] | None = None,
) -> ValidationResult:
    """Errors before warnings, each in file order; but a whole-org finding about an object as a
    whole, read from its fields, comes after the schema errors in those fields (its causes)."""
    located = [_locate(i, source_map) for i in issues]
    last_error_in: dict[Path, tuple[int, int]] = {}
    for issue in located:
        if issue.severity == "error" and issue.path:
            where = (issue.line or 0, issue.column or 0)
            obj_path = object_path(issue.path)
            last_error_in[obj_path] = max(where, last_error_in.get(obj_path, where))
    ordered = [((i.line or 0, i.column or 0), i) for i in located]
    for issue in checked or ():
        found = _locate(issue, source_map)
        where = (found.line or 0, found.column or 0)
        ordered.append((max(where, last_error_in.get(found.path, where)), found))
    ordered.sort(key=lambda o: (o[1].severity != "error", o[0]))
    return ValidationResult(name, tuple(i for _, i in ordered), org, structure)


def _locate(issue: Issue, source_map: SourceMap) -> Issue:
    if issue.line is not None:
        return issue
    if issue.code == "unknown-key":
        where = source_map.locate_key(issue.path)
    else:
        where = source_map.locate(issue.path)
    return issue.at(*where) if where else issue


def validate_file(
    spec: str,
    input_format: Format | None = None,
    stdin: BinaryIO | None = None,
    csv_options: CsvOptions | None = None,
    policy: Policy | None = None,
) -> ValidationResult:
    """Read, parse and check one input (and a policy's gates). InputError when it cannot be read
    at all."""
    with gc_paused():  # the library's one pause: see gcpause
        return validate_parsed(read_and_parse(spec, input_format, stdin, csv_options), policy)


def empty_org(name: str = "(no org)") -> LoadedOrg:
    """An org with no one in it: the other side when a file is added or deleted (git passes
    /dev/null for it)."""
    org = Org(name=name)
    return LoadedOrg(name, org, derive(org))


def load_org(
    spec: str,
    input_format: Format | None = None,
    stdin: BinaryIO | None = None,
    csv_options: CsvOptions | None = None,
) -> LoadedOrg:
    """A valid org from `spec`, or InvalidOrgError (exit 1) / InputError (exit 2)."""
    with gc_paused():  # the library's one pause: see gcpause
        return load_parsed(read_and_parse(spec, input_format, stdin, csv_options))


def load_source(source: Source, csv_options: CsvOptions | None = None) -> LoadedOrg:
    """A valid org from bytes already read (a blob of a git history), as `load_org`."""
    with gc_paused():  # the library's one pause: see gcpause
        return load_parsed(parse_source(source, csv_options))


def load_parsed(parsed: Parsed) -> LoadedOrg:
    result = validate_parsed(parsed, warnings=False)
    if result.errors or result.org is None or result.structure is None:
        raise InvalidOrgError(result)
    return LoadedOrg(result.file, result.org, result.structure)
