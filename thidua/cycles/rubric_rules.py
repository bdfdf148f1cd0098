"""Pure rules of a rubric tree, on plain rows, so they can be property-tested and shared by the
editor, the Excel import and launch.

A row is a dict with ``code``, ``parent`` (parent code or ""), ``kind`` and ``max_points``
(Decimal). Structure: groups at the top; criteria at the top or under a group; sub-criteria under
a criterion; bonus and deduction items at the top or under a group. Scores are entered on leaves:
criteria without sub-criteria, and sub-criteria."""

from __future__ import annotations

from decimal import Decimal

GROUP, CRITERION, SUB, BONUS, DEDUCTION = "group", "criterion", "sub", "bonus", "deduction"
ALLOWED_PARENTS = {
    GROUP: {None},
    CRITERION: {None, GROUP},
    SUB: {CRITERION},
    BONUS: {None, GROUP},
    DEDUCTION: {None, GROUP},
}
KIND_LABELS = {
    GROUP: "Nhóm tiêu chí",
    CRITERION: "Tiêu chí",
    SUB: "Tiêu chí thành phần",
    BONUS: "Điểm cộng",
    DEDUCTION: "Điểm trừ",
}


def fmt(value: Decimal) -> str:
    """Vietnamese number: 12,5 and 100 (no trailing zeros)."""
    value = Decimal(value).normalize()
    text = f"{value:f}"
    return text.replace(".", ",")


def leaves(rows: list[dict]) -> list[dict]:
    with_children = {r["parent"] for r in rows if r.get("parent")}
    return [r for r in rows if r["kind"] in (CRITERION, SUB) and r["code"] not in with_children]


def leaf_total(rows: list[dict]) -> Decimal:
    return sum((Decimal(r["max_points"]) for r in leaves(rows)), Decimal(0))


def problems(rows: list[dict], total: Decimal) -> list[str]:
    """Every reason the rubric is not valid, in Vietnamese; an empty list means valid."""
    found: list[str] = []
    total = Decimal(total)
    if total <= 0:
        found.append("Tổng điểm của bộ tiêu chí phải lớn hơn 0.")
    by_code: dict[str, dict] = {}
    for row in rows:
        code = (row.get("code") or "").strip()
        if not code:
            found.append(f"Mục “{row.get('title', '')[:60]}” chưa có mã.")
            continue
        if code in by_code:
            found.append(f"Mã “{code}” bị trùng.")
        by_code[code] = row
    for row in rows:
        code, kind = row.get("code"), row.get("kind")
        if kind not in ALLOWED_PARENTS:
            found.append(f"Mục {code}: loại “{kind}” không hợp lệ.")
            continue
        if Decimal(row["max_points"]) < 0:
            label = "Mức trần" if kind in (BONUS, DEDUCTION) else "Điểm tối đa"
            found.append(f"Mục {code}: {label.lower()} không được âm.")
        parent_code = row.get("parent") or None
        parent = by_code.get(parent_code) if parent_code else None
        if parent_code and parent is None:
            found.append(f"Mục {code}: không có mục cha mã “{parent_code}”.")
            continue
        parent_kind = parent["kind"] if parent else None
        if parent_kind not in ALLOWED_PARENTS[kind]:
            where = (
                f"thuộc {KIND_LABELS.get(parent_kind, parent_kind).lower()}" if parent else "ở cấp cao nhất"
            )
            found.append(f"Mục {code}: {KIND_LABELS[kind].lower()} không thể {where}.")
    if found:
        return found
    children: dict[str, list[dict]] = {}
    for row in rows:
        if row.get("parent"):
            children.setdefault(row["parent"], []).append(row)

    def effective(row) -> Decimal:
        """A parent with no declared maximum counts as the sum of its scored children."""
        kids = [k for k in children.get(row["code"], []) if k["kind"] in (CRITERION, SUB)]
        if kids and Decimal(row["max_points"]) == 0:
            return sum((effective(k) for k in kids), Decimal(0))
        return Decimal(row["max_points"])

    for row in rows:
        kids = [k for k in children.get(row["code"], []) if k["kind"] in (CRITERION, SUB)]
        if not kids or Decimal(row["max_points"]) == 0:
            continue
        inner = sum((effective(k) for k in kids), Decimal(0))
        if inner != Decimal(row["max_points"]):
            label = "Tiêu chí" if row["kind"] == CRITERION else "Nhóm"
            parts = "các tiêu chí thành phần" if row["kind"] == CRITERION else "các tiêu chí trong nhóm"
            found.append(
                f"{label} {row['code']}: điểm tối đa {fmt(row['max_points'])} khác tổng {parts} ({fmt(inner)})."
            )
    if not leaves(rows):
        found.append("Bộ tiêu chí chưa có tiêu chí chấm điểm nào.")
    elif leaf_total(rows) != total:
        found.append(
            f"Tổng điểm tối đa của các tiêu chí là {fmt(leaf_total(rows))}, khác tổng điểm đã khai báo "
            f"{fmt(total)}."
        )
    return found
