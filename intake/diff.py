"""What changes between two versions of one (agency, year) submission: items added, changed, removed; totals.

Records only (money stays int đồng); upload_flow turns them into display tables.
Items are matched by what identifies them to a reader, not by position: budget lines by (funding source,
task), indicators by code, requests by (year, task). Tasks are compared accent- and case-folded, so a
retyped "Số hoá"/"số hóa" is one item, changed or not.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from typing import Literal

from domain import BudgetLine, FundingRequest, Indicator, Submission, fold

Status = Literal["added", "changed", "removed"]
Kind = Literal["budget_lines", "indicators", "requests"]

# Fields compared per item (source_row is where it sat in the file, not content).
_IGNORED = {"source_row"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class ItemChange:
    kind: Kind
    status: Status
    label: str  # task or indicator code, as the new version writes it (old one for removed)
    before: object | None  # the BudgetLine / Indicator / FundingRequest, None when added
    after: object | None  # None when removed
    fields: tuple[FieldChange, ...] = ()  # only for "changed"


@dataclass(frozen=True)
class Totals:
    allocated_vnd: int | None
    disbursed_vnd: int | None  # None: no line reported disbursement (not 0)
    requested_vnd: int | None
    n_lines: int
    n_indicators: int
    n_requests: int


@dataclass(frozen=True)
class SubmissionDiff:
    changes: tuple[ItemChange, ...]
    before: Totals | None  # None: there is no current version (first upload)
    after: Totals

    @property
    def is_first(self) -> bool:
        return self.before is None

    @property
    def unchanged(self) -> bool:
        return not self.changes and self.before == self.after

    def count(self, status: Status) -> int:
        return sum(1 for c in self.changes if c.status == status)


def totals(sub: Submission) -> Totals:
    requested = [r.amount_vnd for r in sub.requests]
    return Totals(
        allocated_vnd=sub.allocated_vnd if sub.budget_lines else None,
        disbursed_vnd=sub.disbursed_vnd,
        requested_vnd=sum(requested) if requested else None,
        n_lines=len(sub.budget_lines),
        n_indicators=len(sub.indicators),
        n_requests=len(sub.requests),
    )


def _key(kind: Kind, item) -> tuple:
    if kind == "budget_lines":
        return (item.funding_source, fold(item.task))
    if kind == "indicators":
        return (item.code,)
    return (item.year, fold(item.task))


def _label(kind: Kind, item) -> str:
    return item.code if kind == "indicators" else item.task


def _keyed(kind: Kind, items) -> dict[tuple, object]:
    """key -> item; a repeated key gets its occurrence number so two identical tasks stay two items."""
    seen: Counter = Counter()
    out: dict[tuple, object] = {}
    for item in items:
        base = _key(kind, item)
        out[(*base, seen[base])] = item
        seen[base] += 1
    return out


def _field_changes(before, after) -> tuple[FieldChange, ...]:
    out = []
    for f in fields(before):
        if f.name in _IGNORED:
            continue
        old, new = getattr(before, f.name), getattr(after, f.name)
        if old != new:
            out.append(FieldChange(f.name, old, new))
    return tuple(out)


def _diff_items(kind: Kind, old_items, new_items) -> list[ItemChange]:
    old, new = _keyed(kind, old_items), _keyed(kind, new_items)
    out: list[ItemChange] = []
    for key, item in new.items():  # in the new version's order
        if key not in old:
            out.append(ItemChange(kind, "added", _label(kind, item), None, item))
            continue
        changed = _field_changes(old[key], item)
        if changed:
            out.append(ItemChange(kind, "changed", _label(kind, item), old[key], item, changed))
    out.extend(
        ItemChange(kind, "removed", _label(kind, item), item, None) for key, item in old.items() if key not in new
    )
    return out


def diff_submissions(before: Submission | None, after: Submission) -> SubmissionDiff:
    """after compared with before (the current version; None on a first upload: everything is added)."""
    changes: list[ItemChange] = []
    for kind in ("budget_lines", "indicators", "requests"):
        old_items = getattr(before, kind) if before is not None else ()
        new_items = getattr(after, kind)
        changes.extend(_diff_items(kind, old_items, new_items))
    return SubmissionDiff(tuple(changes), totals(before) if before is not None else None, totals(after))


# Record types per kind, for code that needs to build or inspect items generically.
ITEM_TYPES: dict[str, type] = {"budget_lines": BudgetLine, "indicators": Indicator, "requests": FundingRequest}
