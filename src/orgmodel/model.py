"""The org file, format 1, as pure data: strict, frozen, no I/O (DESIGN §1.1–1.3)."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

from orgmodel.urls import has_allowed_scheme, url_scheme

FORMAT_VERSION = 1
TOPOLOGIES = ("stream-aligned", "platform", "enabling", "complicated-subsystem")
INTERACTION_MODES = ("collaboration", "x-as-a-service", "facilitating")
# Documented limit (README "Limits"): units nest at most this deep (real orgs stay under 20;
# pydantic-core stops at about 250).
MAX_UNIT_DEPTH = 200


def _one_or_many(value: Any) -> Any:
    # `lead: alice` and `lead: [alice, bob]` mean the same kind of thing.
    if type(value) in (str, int):
        return [value]
    return value


def _check_url(value: str | None) -> str | None:
    if value is None:
        return None
    if not has_allowed_scheme(value):
        scheme = url_scheme(value)
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise ValueError(f"url has {shown}; only http, https and mailto links are accepted")
    return value


def _check_date(value: Any) -> Any:
    # Dates are written as ISO strings (YAML 1.2 and JSON have no date type); refuse numbers,
    # which lax date parsing would read as timestamps.
    if not isinstance(value, str | datetime.date):
        raise ValueError("expected a date like 2025-12-31")
    return value


# Ids are read as strings even when written as numbers (employee numbers, `id: 1042`): the
# field is lax so that pydantic-core turns numbers into strings, and the pattern refuses empty
# ids and surrounding whitespace. Both run in Rust, which matters at 100,000 people.
ID_PATTERN = r"^\S(?:.*\S)?$"
Id = Annotated[
    str,
    Field(strict=False, pattern=ID_PATTERN),
    WithJsonSchema({"type": ["string", "integer"], "pattern": ID_PATTERN}),
]
IdList = Annotated[tuple[Id, ...], Field(strict=False)]
OneOrMoreIds = Annotated[
    tuple[Id, ...],
    Field(strict=False),
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": ["string", "integer"]},
                {"type": "array", "items": {"type": ["string", "integer"]}},
            ]
        }
    ),
]
Url = Annotated[str | None, AfterValidator(_check_url)]
Strings = Annotated[tuple[str, ...], Field(strict=False)]
Scalar = str | int | float | bool | None
Attrs = dict[str, Scalar]
IsoDate = Annotated[
    datetime.date | None,
    Field(strict=False),
    BeforeValidator(_check_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]


class _Frozen(BaseModel):
    # No NaN or infinities: JSON cannot hold them, so an org holding one could not be written.
    model_config = ConfigDict(
        strict=True, frozen=True, extra="forbid", coerce_numbers_to_str=True, allow_inf_nan=False
    )


class Person(_Frozen):
    """A person, or an open position when `vacant` is true (DESIGN §1.1). A name is required
    unless the position is vacant; `validate` checks that with the other whole-file rules."""

    id: Id
    name: str | None = None
    title: str | None = None
    manager: Id | None = None  # an explicit null means "no manager", see `explicitly_top`
    dotted: IdList = ()
    assistant: bool = False
    vacant: bool = False
    home: Id | None = None
    url: Url = None
    tags: Strings = ()
    attrs: Attrs = Field(default_factory=dict)

    @property
    def explicitly_top(self) -> bool:
        """`manager: null` written out: no manager, whatever the units would give."""
        return self.manager is None and "manager" in self.model_fields_set

    @property
    def label(self) -> str:
        """How a person is shown: the name, or "Open: title" for a vacancy without one."""
        if self.name is not None:
            return self.name
        return f"Open: {self.title}" if self.title else f"Open position {self.id}"


class Unit(_Frozen):
    """A unit of the tree, or a cross-cutting overlay (DESIGN §1.2)."""

    id: Id
    name: str
    kind: str | None = None
    function: str | None = None
    topology: Literal["stream-aligned", "platform", "enabling", "complicated-subsystem"] | None = (
        None
    )
    lead: OneOrMoreIds = ()
    members: IdList = ()
    units: Annotated[tuple[Unit, ...], Field(strict=False)] = ()
    overlay: bool = False
    spans: IdList = ()
    formerly: IdList = ()
    url: Url = None
    tags: Strings = ()
    attrs: Attrs = Field(default_factory=dict)
    description: str | None = None


class Interaction(_Frozen):
    """A Team Topologies interaction between two units (DESIGN §1.3)."""

    from_: Id = Field(alias="from")
    to: Id
    mode: Literal["collaboration", "x-as-a-service", "facilitating"]
    note: str | None = None


class Org(_Frozen):
    """One snapshot of an organisation."""

    orgmodel: Literal[1] = 1
    name: str
    as_of: IsoDate = None
    description: str | None = None
    sources: Strings = ()
    people: Annotated[tuple[Person, ...], Field(strict=False)] = ()
    units: Annotated[tuple[Unit, ...], Field(strict=False)] = ()
    interactions: Annotated[tuple[Interaction, ...], Field(strict=False)] = ()


# Every key each object accepts, for "did you mean" suggestions on unknown keys.
KEYS_BY_MODEL: dict[str, tuple[str, ...]] = {
    "person": tuple(Person.model_fields),
    "unit": tuple(Unit.model_fields),
    "interaction": ("from", "to", "mode", "note"),
    "org": tuple(Org.model_fields),
}
