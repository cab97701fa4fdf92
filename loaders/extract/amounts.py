"""Every amount in đồng a narrative text states, with its role and the task it pays for (issue 18).

Reports written by others (news, decisions, five-year summaries) have no "a) Kinh phí ..." sections, so the
walk in engine.py finds nothing in them. Here each sentence is read on its own: rules.MONEY finds the figure,
loaders/numbers.py (through rules.money_vnd) turns it into đồng, the nearest role word before it says whether it
was allocated, disbursed or requested, and the phrase around it names the task.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from . import rules as R
from .model import Block

Role = Literal["allocated", "disbursed", "requested"]


@dataclass(frozen=True)
class Amount:
    """One money figure as written: `block.text[start:end]` is the figure and its unit."""

    vnd: int
    role: Role
    task: str
    block: Block
    start: int
    end: int
    approx: bool = False  # "hơn 22 tỷ", "khoảng 600 triệu": the text gives a rounded figure


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence; a "." inside a number ("2.450") does not end one.

    underthesea 9.5.0's sent_tokenize was measured in this place on the development corpus (issue 18): the
    same amounts and roles (100 %/100 %, 84,1 %), while it split 19 of 236 blocks otherwise, "dti.gov.vn" among
    them; so the project does not depend on it.
    """
    start = 0
    for m in R.SENTENCE_END.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def role_of(text: str, s: int, pos: int) -> Role:
    """The role the nearest role word before `pos` in the sentence gives; "allocated" when none does."""
    head = text[s:pos]
    best: tuple[int, Role] | None = None
    for role, pattern in R.ROLE_WORDS:
        hits = list(pattern.finditer(head))
        if hits and (best is None or hits[-1].end() > best[0]):
            best = (hits[-1].end(), role)  # type: ignore[assignment]  # role comes from ROLE_WORDS
    return best[1] if best else "allocated"


def task_of(text: str, s: int, e: int, start: int, end: int) -> str:
    """The phrase the amount pays for: after it ("... 2.450 triệu đồng để triển khai 5 dự án"), else before it."""
    after = text[end:e]
    lead = R.TASK_LEAD.match(after)
    if lead:
        piece = R.TASK_SPLIT.split(after[lead.end() :], maxsplit=1)[0]
        return R.tidy(piece)
    before = R.TASK_SPLIT.split(text[s:start])[-1]
    before = R.MONEY.split(before)[-1] if R.MONEY.search(before) else before
    return R.tidy(R.TASK_TRIM.sub("", before))


def find_amounts(blocks: list[Block]) -> list[Amount]:
    """Every figure in đồng units, in document order; amounts in USD or another currency are left out."""
    found: list[Amount] = []
    for block in blocks:
        text = block.text
        for s, e in sentences(text):
            for m in R.MONEY.finditer(text, s, e):
                if R.NOT_VND_AFTER.match(text, m.end()):
                    continue  # "10 triệu USD": a money figure, but not in đồng
                vnd = R.money_vnd(m.group("num"), m.group("unit"))
                if vnd is None or vnd <= 0:
                    continue
                approx = bool(R.APPROX_BEFORE.search(text, s, m.start()))
                found.append(
                    Amount(
                        vnd,
                        role_of(text, s, m.start()),
                        task_of(text, s, e, m.start(), m.end()),
                        block,
                        m.start("num"),
                        m.end(),
                        approx,
                    )
                )
    return found


def parts_of_totals(amounts: list[Amount]) -> list[tuple[int, list[int]]]:
    """(total index, part indexes) where the figures after a total in its block add up to it exactly."""
    out = []
    for i, total in enumerate(amounts):
        running, parts = 0, []
        for j in range(i + 1, len(amounts)):
            if amounts[j].block.index != total.block.index:
                break
            running += amounts[j].vnd
            parts.append(j)
            if running >= total.vnd:
                break
        if len(parts) >= 2 and running == total.vnd:
            out.append((i, parts))
    return out
