"""Administrative units through time: provinces with valid-from / valid-to, and the events that changed them.

The history ships as data (units/data/don-vi-hanh-chinh.json, sources cited inside): the 63 provinces to
30/06/2025, the 34 from 01/07/2025 (Nghị quyết 202/2025/QH15), the rename of Thừa Thiên Huế (01/01/2025),
and rules for agencies that closed (UBND cấp huyện, 01/07/2025) or merged (Sở TT&TT -> Sở KH&CN, 01/03/2025).
Everything here is read-only; stored submissions are never rewritten, views restate them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from domain import MIN_YEAR, fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "don-vi-hanh-chinh.json"
REGISTRY_START = date(MIN_YEAR, 1, 1)  # no date before this is answered (issue 15: exit 2 below 2015)


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    kind: str  # "tỉnh" / "thành phố"
    valid_from: date
    valid_to: date | None  # last day valid; None = still valid
    legal_basis: str | None
    seat: str | None = None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Event:
    day: date
    kind: str  # "merge", "split", "rename", "transfer", "close"
    from_codes: tuple[str, ...]
    to_codes: tuple[str, ...]
    legal_basis: str
    note: str
    sources: tuple[str, ...]
    shares: tuple[tuple[str, float], ...] = ()  # for a split: (to_code, share 0-1)


@dataclass(frozen=True)
class AgencyRule:
    """A kind of agency that closed or merged on a date everywhere (e.g. every Sở TT&TT)."""

    day: date
    kind: str
    match: tuple[str, ...]  # name prefixes, compared folded
    successor: str | None  # the kind of agency that took it over; None = no single successor
    legal_basis: str
    note: str

    def matches(self, agency_name: str) -> bool:
        folded = fold(agency_name)
        return any(folded.startswith(fold(prefix)) for prefix in self.match)


@dataclass(frozen=True)
class Agency:
    """An agency of the sample data whose existence changed (units/data: "agencies")."""

    code: str
    name: str
    province: str
    valid_from: date | None  # None: founding day not known (not guessed)
    valid_to: date | None  # last day it existed; None = still exists
    successor_code: str | None  # the agency that took it over, where the registry says so

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def _document() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def provinces() -> tuple[Province, ...]:
    """Every province record of the registry, former and current."""
    return tuple(
        Province(
            p["code"],
            p["name"],
            p["kind"],
            date.fromisoformat(p["valid_from"]),
            _day(p["valid_to"]),
            p["legal_basis"],
            p.get("seat"),
        )
        for p in _document()["provinces"]
    )


def _event(e: dict) -> Event:
    return Event(
        date.fromisoformat(e["date"]),
        e["kind"],
        tuple(e["from_codes"]),
        tuple(e["to_codes"]),
        e["legal_basis"],
        e["note"],
        tuple(e["sources"]),
        tuple((code, float(share)) for code, share in e.get("shares", {}).items()),
    )


@cache
def events() -> tuple[Event, ...]:
    return tuple(_event(e) for e in _document()["events"])


@cache
def agency_events() -> tuple[Event, ...]:
    """Agency-level events (merge of a Sở TT&TT, closing of a UBND cấp huyện), same shape as province events."""
    return tuple(_event(e) for e in _document().get("agency_events", []))


@cache
def agencies() -> tuple[Agency, ...]:
    return tuple(
        Agency(
            a["code"],
            a["name"],
            a["province"],
            _day(a["valid_from"]),
            _day(a["valid_to"]),
            a["successor_code"],
        )
        for a in _document().get("agencies", [])
    )


def agency(code: str) -> Agency | None:
    return next((a for a in agencies() if a.code == code), None)


def agency_successor(code: str) -> Agency | None:
    """The agency that took this one over, if the registry names one (a closed UBND huyện has none)."""
    found = agency(code)
    return agency(found.successor_code) if found and found.successor_code else None


@cache
def agency_rules() -> tuple[AgencyRule, ...]:
    return tuple(
        AgencyRule(
            date.fromisoformat(r["date"]), r["kind"], tuple(r["match"]), r["successor"], r["legal_basis"], r["note"]
        )
        for r in _document()["agency_rules"]
    )


def province(code: str) -> Province | None:
    return next((p for p in provinces() if p.code == code), None)


def provinces_as_of(day: date) -> list[Province]:
    """The provinces valid on that day, in the registry's order."""
    return [p for p in provinces() if p.valid_on(day)]


def successor(code: str) -> Province | None:
    """The unit that took a province over when it ended (the first event out of it), or None."""
    out = next((e for e in events() if code in e.from_codes and e.to_codes), None)
    return province(out.to_codes[0]) if out and len(out.to_codes) == 1 else None


def current_of(code: str) -> Province | None:
    """Today's unit of a province: following successors to the end (a split has none)."""
    seen: set[str] = set()
    unit = province(code)
    while unit is not None and unit.valid_to is not None and unit.code not in seen:
        seen.add(unit.code)
        unit = successor(unit.code)
    return unit


def lineage(code: str) -> list[Event]:
    """The events that ended, formed or renamed a province or an agency, oldest first."""
    found = [e for e in events() + agency_events() if code in e.from_codes or code in e.to_codes]
    return sorted(found, key=lambda e: e.day)


def unit_name(code: str) -> str | None:
    """The name of a province or agency code of the registry."""
    unit = province(code) or agency(code)
    return unit.name if unit is not None else None


def find_by_name(name: str, on: date | None = None) -> Province | None:
    """The province a name refers to ("tỉnh Bắc Giang", "Bac Giang", "TP Hồ Chí Minh"), valid on `on` if given.

    The newest matching record wins when no day is given (Quảng Ngãi: today's province).
    """
    key = _name_key(name)
    if not key:
        return None
    matches = [p for p in provinces() if _name_key(p.name) == key and (on is None or p.valid_on(on))]
    return matches[-1] if matches else None


_PREFIXES = ("thanhphotructhuoctrunguong", "thanhpho", "tinh", "tp")


def _name_key(name: str) -> str:
    key = fold(name)
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix) :]
    return key


def former_provinces_of(code: str) -> list[Province]:
    """The provinces that a unit absorbed (direct predecessors), in the event's order."""
    into = next((e for e in events() if code in e.to_codes), None)
    return [p for c in (into.from_codes if into else ()) if (p := province(c)) is not None]


def restated_names() -> dict[str, str]:
    """Every province name, former or current, -> the name of today's unit it is part of."""
    out: dict[str, str] = {}
    for unit in provinces():
        today = current_of(unit.code)
        if today is not None:
            out.setdefault(unit.name, today.name)
    return out


def closing_rule(agency_name: str, on: date) -> AgencyRule | None:
    """The rule under which an agency of that name no longer exists on that day, if any."""
    return next((r for r in agency_rules() if r.day <= on and r.matches(agency_name)), None)


def names_held_by(name: str) -> tuple[str, ...]:
    """The province names whose figures today's unit `name` holds (itself and the former ones it absorbed).

    A former unit's name, or a name the registry does not know, holds only itself.
    """
    today = restated_names()
    if today.get(name, name) != name:
        return (name,)
    return tuple(sorted({former for former, now in today.items() if now == name} | {name}))


def last_day_of(name: str) -> date | None:
    """The last day a province of that name existed, if it no longer does (None for today's units)."""
    unit = find_by_name(name)
    return unit.valid_to if unit is not None else None
