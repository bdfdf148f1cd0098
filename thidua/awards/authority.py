"""Who decides an award for a given unit, by the unit's line of management (Law on Emulation and
Commendation 06/2022, Art 79–80).

A unit under vertical management (a branch of a ministry or central body: court, procuracy,
police, military command, civil-judgment enforcement, tax…) has its grassroots titles and its
sector awards decided inside its branch: by the head of the unit, or by the head of the ministry
or sector named by its ``parent_body``. Provincial awards are decided by the provincial chairman
for every unit proposing through the province, central awards by the Prime Minister or the
President. Which authority applies to the vertical line is data (``Award.authority_vertical``,
blank: the same as ``Award.authority``), never code."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.awards.choices import Authority
from thidua.core.text import fold

ARTICLE = "Luật Thi đua, khen thưởng 2022, Điều 79–80"
LOCAL, VERTICAL = "địa phương", "ngành dọc"
# A parent body naming one of these (diacritics and case ignored) is the local government or
# party line, not a vertical branch: a Sở's parent body is "Ủy ban nhân dân tỉnh".
LOCAL_BODIES = ("uy ban nhan dan", "ubnd", "hoi dong nhan dan", "hdnd", "tinh uy", "thanh uy", "huyen uy")
# Authorities that sit inside the branch: for a vertical unit they decide on the branch's line.
IN_BRANCH = {Authority.HEAD_OF_UNIT, Authority.MINISTER}


@dataclass(frozen=True)
class Decider:
    authority: str  # an ``Authority`` value
    label: str  # Vietnamese, e.g. "Thủ trưởng Tòa án nhân dân tối cao"
    line: str  # LOCAL ("địa phương") or VERTICAL ("ngành dọc")
    article: str


def is_vertical(unit) -> bool:
    """True when ``unit`` is managed by a ministry or central sector: its parent body is set and
    is not the province's (or a district's) people's committee, council or party committee."""
    parent = fold(getattr(unit, "parent_body", "") or "")
    return bool(parent) and not any(marker in parent for marker in LOCAL_BODIES)


def deciding_authority(*, award, unit) -> Decider:
    """Who decides ``award`` (an ``Award``) for ``unit`` (a ``Unit``; for an individual, the
    person's unit). A pure function of the two objects: no query."""
    vertical = is_vertical(unit)
    authority = (award.authority_vertical or award.authority) if vertical else award.authority
    in_branch = vertical and authority in IN_BRANCH
    if in_branch and authority == Authority.MINISTER:
        label = f"Thủ trưởng {unit.parent_body.strip()}"
    else:
        label = str(Authority(authority).label) if authority in Authority.values else authority
    return Decider(authority=authority, label=label, line=VERTICAL if in_branch else LOCAL, article=ARTICLE)
