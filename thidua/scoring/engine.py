"""Pure scoring rules, free of the database so that they can be property-tested: combining
several reviewers' scores, clamping to bounds, totals within caps, classification by bands and
ranking with the bloc's written tie-break chain."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from thidua.core import text

TWO_PLACES = Decimal("0.01")
ZERO = Decimal("0")

TIE_BREAK_LABELS = {
    "total": "Tổng điểm cao hơn",
    "key_contents": "Điểm các nội dung trọng tâm cao hơn",
    "fewer_deductions": "Ít điểm trừ hơn",
    "bonus": "Điểm cộng cao hơn",
    "vote": "Nhiều phiếu bầu hơn tại hội nghị",
    "women": "Tập thể có từ 70% nữ trở lên được ưu tiên",
}


def q2(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    """``value`` forced into [low, high] (high below low counts as low)."""
    return max(low, min(value, max(low, high)))


def aggregate(values: list[Decimal], method: str = "mean", trim_ratio: float = 0.2) -> Decimal:
    """Combines reviewers' scores: mean, median, or mean after trimming ⌊n × ratio⌋ from each
    end (never trimming everything). The result lies between the smallest and largest value."""
    if not values:
        raise ValueError("no values to aggregate")
    ordered = sorted(Decimal(v) for v in values)
    if method == "median":
        result = Decimal(statistics.median(ordered))
    elif method == "trimmed_mean":
        cut = math.floor(len(ordered) * trim_ratio)
        if len(ordered) - 2 * cut < 1:
            cut = (len(ordered) - 1) // 2
        kept = ordered[cut : len(ordered) - cut]
        result = sum(kept, ZERO) / len(kept)
    else:
        result = sum(ordered, ZERO) / len(ordered)
    return clamp(q2(result), ordered[0], ordered[-1])


def disagreement(values: list[Decimal], max_points: Decimal, threshold: float) -> bool:
    """True when the spread of the given scores exceeds ``threshold`` × the item's maximum."""
    if len(values) < 2 or max_points <= 0:
        return False
    return (max(values) - min(values)) > Decimal(str(threshold)) * Decimal(max_points)


@dataclass
class Node:
    """A rubric item reduced to what totals need."""

    id: int
    parent_id: int | None
    kind: str
    max_points: Decimal
    key_content: bool = False


@dataclass
class Totals:
    base: Decimal  # criteria, each subtree clamped to its maximum
    bonus: Decimal
    deductions: Decimal
    final: Decimal
    key_contents: Decimal
    criteria: dict[int, Decimal] = field(default_factory=dict)  # top criterion id -> subtotal
    groups: dict[int, Decimal] = field(default_factory=dict)  # top-level item id -> subtotal


def compute_totals(nodes: list[Node], points: dict[int, Decimal]) -> Totals:
    """Final = criteria (every subtree clamped to its maximum) + bonus (within caps) − deductions
    (within caps). ``points`` maps leaf ids to scores; a missing leaf counts as zero."""
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    subtotal: dict[int, Decimal] = {}

    def walk(node: Node) -> Decimal:
        kids = children.get(node.id, [])
        raw = sum((walk(k) for k in kids), ZERO) if kids else Decimal(points.get(node.id) or 0)
        cap = node.max_points if (node.max_points > 0 or not kids) else raw
        value = clamp(raw, ZERO, cap)
        subtotal[node.id] = value
        return value

    base = bonus = deductions = key = ZERO
    groups: dict[int, Decimal] = {}
    for root in children.get(None, []):
        value = walk(root)
        groups[root.id] = value
        kind = _effective_kind(root, children)
        if kind == "bonus":
            bonus += value
        elif kind == "deduction":
            deductions += value
        else:
            base += value
    criteria = {n.id: subtotal[n.id] for n in nodes if n.kind == "criterion"}
    key = _key_content_total(nodes, children, subtotal)
    return Totals(
        base=q2(base),
        bonus=q2(bonus),
        deductions=q2(deductions),
        final=q2(base + bonus - deductions),
        key_contents=q2(key),
        criteria=criteria,
        groups=groups,
    )


def _effective_kind(root: Node, children) -> str:
    """A group holding only bonus (or deduction) items counts as bonus (or deduction)."""
    if root.kind in ("bonus", "deduction"):
        return root.kind
    kinds = {k.kind for k in children.get(root.id, [])}
    if kinds and kinds <= {"bonus"}:
        return "bonus"
    if kinds and kinds <= {"deduction"}:
        return "deduction"
    return "base"


def _key_content_total(nodes, children, subtotal) -> Decimal:
    """Points on items mapped to a key content of the agreement, counting each subtree once."""
    by_id = {n.id: n for n in nodes}
    total = ZERO
    for node in nodes:
        if not node.key_content or node.kind in ("bonus", "deduction"):
            continue
        parent = by_id.get(node.parent_id)
        counted_above = False
        while parent is not None:
            if parent.key_content:
                counted_above = True
                break
            parent = by_id.get(parent.parent_id)
        if not counted_above:
            total += subtotal.get(node.id, ZERO)
    return total


def classify(totals: Totals, nodes: list[Node], bands, fallback: str, scale: Decimal = Decimal(1)) -> str:
    """The first band whose minimum total is reached with every criterion at or above the band's
    ratio of its maximum. ``scale`` converts the rubric's total to the bands' scale."""
    criteria = [n for n in nodes if n.kind == "criterion" and n.max_points > 0]
    final_scaled = totals.final * scale
    for band in bands:
        if final_scaled < Decimal(str(band.min_total)):
            continue
        ratio = Decimal(str(band.min_each_ratio))
        if all(totals.criteria.get(n.id, ZERO) >= ratio * n.max_points for n in criteria):
            return band.code
    return fallback


# Ranking --------------------------------------------------------------------------------------


@dataclass
class Entry:
    """What ranking compares for one unit. ``keys`` holds each tie-break rule's value, oriented
    so that larger is better (fewer deductions are stored negated)."""

    key: object
    label: str
    total: Decimal
    keys: dict[str, Decimal | int | None]


@dataclass
class Ranked:
    entry: Entry
    rank: int
    tied: bool
    explanation: str


def _fmt(value) -> str:
    if value is None:
        return "chưa có"
    if isinstance(value, Decimal):
        return f"{abs(value):.2f}".replace(".", ",")
    return str(abs(value)) if isinstance(value, int) else str(value)


def _compare(a: Entry, b: Entry, chain: list[str]) -> tuple[int, str | None]:
    """(+1 if a ranks above b, −1 if below, 0 if equal on every rule; the deciding rule)."""
    for rule in ["total", *chain]:
        va = a.total if rule == "total" else a.keys.get(rule)
        vb = b.total if rule == "total" else b.keys.get(rule)
        if va is None or vb is None or va == vb:
            continue
        return (1 if va > vb else -1), rule
    return 0, None


def sort_key(entry: Entry, chain: list[str]) -> tuple:
    """Descending by total then each rule; a missing value ranks as equal to anything, so it is
    replaced by a neutral value only when every entry lacks it (see ``rank``)."""
    values = [entry.total] + [entry.keys.get(r) for r in chain]
    return tuple(-(v if v is not None else Decimal(0)) for v in values)


def rank(entries: list[Entry], chain: list[str]) -> list[Ranked]:
    """Orders by total, then by the tie-break chain; units equal on every rule share a rank
    (competition ranking: 1, 1, 3). Each row explains what separated it from the next one."""
    usable = [r for r in chain if all(e.keys.get(r) is not None for e in entries)]
    # Units equal on every rule are listed in Vietnamese dictionary order of their names.
    ordered = sorted(entries, key=lambda e: (sort_key(e, usable), text.sort_key(str(e.label))))
    result: list[Ranked] = []
    for index, entry in enumerate(ordered):
        if index and _compare(ordered[index - 1], entry, usable)[0] == 0:
            rank_value = result[-1].rank
            result[-1].tied = True
            tied = True
        else:
            rank_value = index + 1
            tied = False
        result.append(Ranked(entry=entry, rank=rank_value, tied=tied, explanation=""))
    for index, row in enumerate(result):
        if index + 1 < len(result):
            row.explanation = explain(row.entry, result[index + 1].entry, usable)
    skipped = [r for r in chain if r not in usable]
    if skipped and result:
        note = "; ".join(f"chưa áp dụng “{TIE_BREAK_LABELS.get(r, r)}” vì chưa có số liệu" for r in skipped)
        for index, row in enumerate(result):
            if index + 1 < len(result) and result[index + 1].rank == row.rank:
                row.explanation = f"{row.explanation} ({note})"
    return result


def explain(a: Entry, b: Entry, chain: list[str]) -> str:
    """Why ``a`` is placed before ``b`` (or that they are tied)."""
    _sign, rule = _compare(a, b, chain)
    if rule is None:
        return f"Bằng {b.label} theo mọi tiêu chí phân định: đồng hạng."
    va = a.total if rule == "total" else a.keys.get(rule)
    vb = b.total if rule == "total" else b.keys.get(rule)
    label = TIE_BREAK_LABELS.get(rule, rule)
    if rule == "total":
        return f"{label} {b.label} ({_fmt(va)} so với {_fmt(vb)})."
    if rule == "women":
        return f"Bằng điểm với {b.label}; {label.lower()}."
    return f"Bằng điểm với {b.label}; {label.lower()} ({_fmt(va)} so với {_fmt(vb)})."
