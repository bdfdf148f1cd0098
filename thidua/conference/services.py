"""Writes of the conference: the record, attendance, voting passes, ballots, votes by phone and
on paper, closing and counting, runoffs, and the outcomes that feed next year and proposals."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.conference import counting, sealing
from thidua.conference.choices import (
    LEADERSHIP_KINDS,
    BallotKind,
    BallotStatus,
    BatchStatus,
    Channel,
)
from thidua.conference.models import (
    Attendance,
    Ballot,
    BallotBox,
    Candidate,
    CastBallot,
    Conference,
    Outcome,
    PaperBatch,
    Participation,
    VoterPass,
    new_receipt,
    new_token,
)
from thidua.conference.rules import can_manage, rules_for, rules_json, unit_weights, weight_of
from thidua.core import sane
from thidua.core.alarms import raise_alarm
from thidua.core.audit import audit, snapshot
from thidua.core.errors import ValidationError, field_error
from thidua.cycles.selectors import movements_of
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.names import prefetch_names
from thidua.organisations.permissions import can_manage_bloc_year
from thidua.organisations.services import bloc_year_record_election, propose_next_leadership
from thidua.scoring.selectors import ranking_for_year

DENIED = "Chỉ thư ký khối (đơn vị trưởng khối) hoặc Phòng Thi đua – Khen thưởng được thực hiện thao tác này."
RECORD_FIELDS = [
    "held_on",
    "starts_at",
    "venue_unit",
    "venue",
    "chair_name",
    "secretary_name",
    "agenda",
    "results",
    "limitations",
    "causes",
    "directions",
    "resolutions",
]
SECTIONS = ["results", "limitations", "causes", "directions"]
DEFAULT_AGENDA = [
    "Báo cáo kết quả thực hiện phong trào thi đua năm",
    "Những hạn chế, tồn tại và nguyên nhân",
    "Phương hướng, nhiệm vụ năm sau",
    "Bình xét, bỏ phiếu suy tôn đơn vị đề nghị khen thưởng",
    "Bầu trưởng khối, phó khối năm sau",
]
DEFAULT_TITLES = {
    BallotKind.GOVERNMENT_FLAG: "Suy tôn đơn vị đề nghị tặng Cờ thi đua của Chính phủ",
    BallotKind.PROVINCIAL_FLAG: "Suy tôn đơn vị đề nghị tặng Cờ thi đua cấp tỉnh",
    BallotKind.CERTIFICATE: "Bình xét đơn vị đề nghị tặng Bằng khen",
    BallotKind.NEXT_LEADER: "Bầu trưởng khối năm sau",
    BallotKind.NEXT_DEPUTY: "Bầu phó khối năm sau",
}


def _require_manager(actor, conference) -> None:
    if not can_manage(actor, conference):
        raise PermissionDenied(DENIED)


def _text(value, field: str, label: str, max_length: int = 300) -> str:
    value = (value or "").strip()
    if len(value) > max_length:
        raise field_error(field, f"{label} dài quá {max_length} ký tự.")
    return value


# Conference record ------------------------------------------------------------------------------


def _clean_record(bloc_year, data: dict) -> dict:
    clean = {}
    for key, value in data.items():
        if key not in RECORD_FIELDS:
            raise field_error(key, "Trường này không sửa được.")
        if key == "held_on":
            if not isinstance(value, dt.date):
                raise field_error("held_on", "Cần ngày họp (dd/mm/yyyy).")
            if not bloc_year.year - 1 <= value.year <= bloc_year.year + 1:
                raise field_error(
                    "held_on",
                    f"Ngày họp phải thuộc năm {bloc_year.year} hoặc sát năm đó (từ {bloc_year.year - 1} đến {bloc_year.year + 1}).",
                )
        elif key == "venue_unit" and value is not None:
            if not bloc_year.members.filter(unit=value).exists():
                raise field_error("venue_unit", "Đơn vị đăng cai phải là thành viên của khối.")
        elif key == "agenda":
            if isinstance(value, str):
                value = [line.strip() for line in value.splitlines() if line.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise field_error("agenda", "Chương trình là danh sách các nội dung, mỗi dòng một nội dung.")
            value = [v.strip() for v in value if v.strip()]
            for line in value:
                sane.check_length("agenda", line, 300, f"Nội dung chương trình “{line[:40]}…”")
        elif key in ("venue", "chair_name", "secretary_name"):
            value = _text(value, key, "Nội dung", 255)
        elif key in [*SECTIONS, "resolutions"]:
            value = _text(value, key, "Nội dung", 20000)
        clean[key] = value
    return clean


def conference_create(*, actor, bloc_year, held_on: dt.date, **fields) -> Conference:
    """Opens the conference record of a bloc year with every member listed as present (the
    secretary then marks who is absent) and the four sections prefilled from the year's data."""
    if not can_manage_bloc_year(actor, bloc_year):
        raise PermissionDenied(DENIED)
    data = _clean_record(bloc_year, {"held_on": held_on, **fields})
    data.setdefault("agenda", list(DEFAULT_AGENDA))
    if not data.get("venue_unit") and bloc_year.effective_leader_id:
        data["venue_unit"] = bloc_year.effective_leader
    with transaction.atomic():
        if Conference.objects.select_for_update().filter(bloc_year=bloc_year).exists():
            raise field_error("bloc_year", f"Năm {bloc_year.year} của khối đã có hội nghị tổng kết.")
        conference = Conference.objects.create(bloc_year=bloc_year, **data)
        Attendance.objects.bulk_create(
            [
                Attendance(
                    conference=conference,
                    unit_id=m.unit_id,
                    present=True,
                    delegate_name=m.head_name,
                    delegate_title=m.head_title,
                )
                for m in bloc_year.members.all()
            ]
        )
        if any(not getattr(conference, key) for key in SECTIONS):
            for key, text in prefill_sections(bloc_year).items():
                if not getattr(conference, key):
                    setattr(conference, key, text)
            conference.save()
        audit(actor=actor, action="conference.create", obj=conference, after=snapshot(conference))
    return conference


def conference_update(*, actor, conference: Conference, data: dict) -> Conference:
    _require_manager(actor, conference)
    clean = _clean_record(conference.bloc_year, data)
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        before = snapshot(conference, list(clean))
        for key, value in clean.items():
            setattr(conference, key, value)
        conference.save()
        audit(
            actor=actor,
            action="conference.update",
            obj=conference,
            before=before,
            after=snapshot(conference, list(clean)),
        )
    return conference


def prefill_sections(bloc_year) -> dict[str, str]:
    """Draft texts for the four sections from the ranking (scoring), with each unit's
    explanation for units below the top band, and the movements (cycles), when they exist."""
    ranking = list(ranking_for_year(bloc_year=bloc_year))
    year = bloc_year.year
    names = [m.unit.name_in_year(year) for m in bloc_year.members.select_related("unit")]
    results = [
        f"Năm {year}, {len(names)} đơn vị thành viên của {bloc_year.bloc.name} đã triển khai và hoàn thành "
        "các nội dung giao ước thi đua đã ký kết."
    ]
    limitations = []
    if ranking:
        results.append("Kết quả chấm điểm, xếp hạng:")
        for row in ranking:
            tie = " (bằng điểm)" if getattr(row, "tied", False) else ""
            results.append(
                f"{row.rank}. {row.unit.name_in_year(year)}: {row.final_score} điểm{tie}"
                + (f" – {row.classification}" if getattr(row, "classification", "") else "")
            )
            explanation = getattr(row, "explanation", "")
            if explanation and getattr(row, "classification", "") not in ("", "HTXS"):
                limitations.append(f"{row.unit.name_in_year(year)}: {explanation}")
    movements = list(movements_of(bloc_year))
    if movements:
        results.append("Các phong trào thi đua đã phát động:")
        results += [f"- {m.unit.name_in_year(year)}: “{m.title}”" for m in movements]
    return {
        "results": "\n".join(results),
        "limitations": "\n".join(limitations),
        "causes": "",
        "directions": "",
    }


def conference_prefill(*, actor, conference: Conference, overwrite: bool = False) -> Conference:
    """Refills the sections from the year's data; only empty ones unless ``overwrite``."""
    _require_manager(actor, conference)
    texts = prefill_sections(conference.bloc_year)
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        before = snapshot(conference, SECTIONS)
        for key, text in texts.items():
            if text and (overwrite or not getattr(conference, key)):
                setattr(conference, key, text)
        conference.save()
        audit(
            actor=actor,
            action="conference.prefill",
            obj=conference,
            before=before,
            after=snapshot(conference, SECTIONS),
        )
    return conference


def attendance_update(*, actor, conference: Conference, rows: list[dict]) -> Conference:
    """Rows: {"unit": Unit, "present": bool, "delegate_name", "delegate_title", "other_delegates"}."""
    _require_manager(actor, conference)
    current = {a.unit_id: a for a in conference.attendance.select_related("unit")}
    for row in rows:
        if row["unit"].pk not in current:
            raise field_error("rows", f"{row['unit'].name} không phải thành viên của khối năm này.")
        if row.get("present") and not _text(row.get("delegate_name"), "delegate_name", "Họ tên", 200):
            raise field_error("rows", f"Cần họ tên đại biểu biểu quyết của {row['unit'].name}.")
    with transaction.atomic():
        before = [snapshot(a) for a in current.values()]
        for row in rows:
            att = current[row["unit"].pk]
            att.present = bool(row.get("present"))
            att.delegate_name = _text(row.get("delegate_name"), "delegate_name", "Họ tên", 200)
            att.delegate_title = _text(row.get("delegate_title"), "delegate_title", "Chức vụ", 200)
            att.other_delegates = _text(row.get("other_delegates"), "other_delegates", "Đại biểu khác", 4000)
            att.save()
        audit(
            actor=actor,
            action="conference.attendance",
            obj=conference,
            before={"rows": before},
            after={"rows": [snapshot(a) for a in current.values()]},
        )
    return conference


def passes_issue(*, actor, conference: Conference, reissue: list | None = None) -> list[VoterPass]:
    """Gives every present unit a voting link; units in ``reissue`` get a new token (a lost
    phone) and their old link stops working. Issuing twice gives nobody a second pass."""
    _require_manager(actor, conference)
    reissue_ids = {u.pk for u in reissue or []}
    present = set(conference.attendance.filter(present=True).values_list("unit_id", flat=True))
    absent = reissue_ids - present
    if absent:
        raise field_error("reissue", "Chỉ cấp lại thẻ cho đơn vị có mặt.")
    with transaction.atomic():
        existing = {p.unit_id: p for p in VoterPass.objects.select_for_update().filter(conference=conference)}
        created = VoterPass.objects.bulk_create(
            [VoterPass(conference=conference, unit_id=u) for u in sorted(present) if u not in existing]
        )
        for unit_id in sorted(reissue_ids & set(existing)):
            existing[unit_id].token = new_token()
            existing[unit_id].save(update_fields=["token"])
        audit(
            actor=actor,
            action="conference.passes_issue",
            obj=conference,
            after={"new": [p.unit_id for p in created], "reissued": sorted(reissue_ids)},
        )
    return list(conference.passes.select_related("unit"))


# Ballots ----------------------------------------------------------------------------------------


def default_candidates(bloc_year, kind: str) -> list:
    """Members in ranking order (the leading unit first) when a ranking exists, else in
    Vietnamese name order; for the leader ballot the unit next in rotation comes first."""
    members = sorted(
        (m.unit for m in bloc_year.members.select_related("unit").prefetch_related(prefetch_names())),
        key=lambda unit: unit.name_sort_in_year(bloc_year.year),
    )
    ranking = list(ranking_for_year(bloc_year=bloc_year))
    if ranking:
        order = {row.unit.pk: i for i, row in enumerate(ranking)}
        members.sort(key=lambda u: order.get(u.pk, len(order)))
    if kind in LEADERSHIP_KINDS:
        leader, deputy, _source = propose_next_leadership(bloc_year, {u.pk for u in members})
        first = leader if kind == BallotKind.NEXT_LEADER else deputy
        if first is not None:
            members.sort(key=lambda u: u.pk != first.pk)
    return members


def _clean_ballot(conference, kind, title, seats, candidates) -> tuple[str, int, list]:
    if kind not in BallotKind.values:
        raise field_error("kind", "Loại biểu quyết không hợp lệ.")
    title = _text(title, "title", "Nội dung biểu quyết") or DEFAULT_TITLES.get(kind, "")
    if not title:
        raise field_error("title", "Cần ghi nội dung câu hỏi biểu quyết.")
    if kind == BallotKind.QUESTION:
        if candidates:
            raise field_error("candidates", "Câu hỏi đồng ý / không đồng ý không có ứng viên.")
        return title, 1, []
    if candidates is None:
        candidates = default_candidates(conference.bloc_year, kind)
    if seats is None:
        seats = (
            get_settings(conference.bloc_year).provincial_flags if kind == BallotKind.PROVINCIAL_FLAG else 1
        )
    member_ids = set(conference.bloc_year.members.values_list("unit_id", flat=True))
    outsiders = [u.name for u in candidates if u.pk not in member_ids]
    if outsiders:
        raise field_error("candidates", f"Không phải thành viên của khối: {', '.join(outsiders)}.")
    if len({u.pk for u in candidates}) != len(candidates):
        raise field_error("candidates", "Một đơn vị bị ghi hai lần trong danh sách ứng viên.")
    if not candidates:
        raise field_error("candidates", "Cần ít nhất một ứng viên.")
    if kind in LEADERSHIP_KINDS and seats != 1:
        raise field_error("seats", "Bầu trưởng khối, phó khối: mỗi lần bầu một đơn vị.")
    if not 1 <= seats <= len(candidates):
        raise field_error("seats", f"Số lượng được chọn phải từ 1 đến {len(candidates)} (số ứng viên).")
    return title, seats, candidates


def ballot_create(
    *,
    actor,
    conference: Conference,
    kind: str,
    title: str = "",
    seats: int | None = None,
    candidates: list | None = None,
) -> Ballot:
    _require_manager(actor, conference)
    title, seats, candidates = _clean_ballot(conference, kind, title, seats, candidates)
    with transaction.atomic():
        position = conference.ballots.count() + 1
        ballot = Ballot.objects.create(
            conference=conference, kind=kind, title=title, seats=seats, position=position
        )
        Candidate.objects.bulk_create(
            [Candidate(ballot=ballot, unit=u, position=i) for i, u in enumerate(candidates, start=1)]
        )
        audit(
            actor=actor,
            action="ballot.create",
            obj=ballot,
            after=snapshot(ballot) | {"candidates": [u.code for u in candidates]},
        )
    return ballot


def ballot_update(
    *, actor, ballot: Ballot, title: str = "", seats: int | None = None, candidates: list | None = None
) -> Ballot:
    """Changes a ballot that has not been opened yet."""
    _require_manager(actor, ballot.conference)
    title, seats, candidates = _clean_ballot(
        ballot.conference, ballot.kind, title or ballot.title, seats or ballot.seats, candidates
    )
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if ballot.status != BallotStatus.DRAFT:
            raise field_error("status", "Biểu quyết đã mở, không sửa được nội dung và ứng viên.")
        before = snapshot(ballot) | {
            "candidates": list(ballot.candidates.values_list("unit__code", flat=True))
        }
        ballot.title, ballot.seats = title, seats
        ballot.save()
        ballot.candidates.all().delete()
        Candidate.objects.bulk_create(
            [Candidate(ballot=ballot, unit=u, position=i) for i, u in enumerate(candidates, start=1)]
        )
        audit(
            actor=actor,
            action="ballot.update",
            obj=ballot,
            before=before,
            after=snapshot(ballot) | {"candidates": [u.code for u in candidates]},
        )
    return ballot


def _lock(ballot: Ballot) -> Ballot:
    return Ballot.objects.select_for_update().select_related("conference__bloc_year").get(pk=ballot.pk)


def ballot_open(*, actor, ballot: Ballot) -> Ballot:
    _require_manager(actor, ballot.conference)
    with transaction.atomic():
        ballot = _lock(ballot)
        if ballot.status != BallotStatus.DRAFT:
            raise field_error("status", "Biểu quyết này đã được mở trước đó.")
        if not ballot.conference.attendance.filter(present=True).exists():
            raise field_error("status", "Chưa có đơn vị nào có mặt: hãy điểm danh trước khi mở biểu quyết.")
        before = snapshot(ballot, ["status"])
        ballot.status = BallotStatus.OPEN
        # Minute precision is the finest time stored about a ballot (cast papers carry none).
        ballot.opened_at = timezone.now().replace(second=0, microsecond=0)
        ballot.save()
        BallotBox.objects.get_or_create(ballot=ballot)
        audit(
            actor=actor,
            action="ballot.open",
            obj=ballot,
            before=before,
            after=snapshot(ballot, ["status", "opened_at"]),
        )
    return ballot


def _choice_keys(ballot: Ballot) -> list[str]:
    if ballot.is_question:
        return [counting.YES, counting.NO]
    return list(ballot.candidates.values_list("unit__code", flat=True))


def _closed_message(ballot: Ballot) -> str:
    if ballot.status == BallotStatus.DRAFT:
        return "Biểu quyết này chưa mở, chưa nhận phiếu."
    return "Biểu quyết này đã kết thúc, không nhận thêm phiếu."


def _clean_choices(ballot: Ballot, choices: list[str], abstain: bool) -> list[str]:
    keys = _choice_keys(ballot)
    choices = [str(c) for c in choices or []]
    if abstain:
        if choices:
            raise field_error("choices", "Đã chọn “không biểu quyết” thì không chọn thêm phương án nào.")
        return []
    if not choices:
        raise field_error("choices", "Hãy chọn ít nhất một phương án, hoặc chọn “không biểu quyết”.")
    unknown = [c for c in choices if c not in keys]
    if unknown:
        raise field_error("choices", "Lựa chọn không có trên phiếu: " + ", ".join(unknown) + ".")
    if len(set(choices)) != len(choices):
        raise field_error("choices", "Một phương án chỉ được chọn một lần.")
    limit = 1 if ballot.is_question else ballot.seats
    if len(choices) > limit:
        raise field_error(
            "choices", f"Chỉ được chọn tối đa {limit} phương án; phiếu này chọn {len(choices)}."
        )
    return choices


def _already_voted(unit, channel: str | None) -> ValidationError:
    how = f" ({Channel(channel).label.lower()})" if channel else ""
    return field_error(
        "token", f"{unit.name} đã bỏ phiếu cho nội dung này{how}. Mỗi đơn vị chỉ được bỏ một phiếu."
    )


def voter_pass_for(token: str) -> VoterPass:
    voter = (
        VoterPass.objects.select_related("unit", "conference__bloc_year").filter(token=token or "-").first()
    )
    if voter is None:
        raise PermissionDenied("Mã bỏ phiếu không đúng hoặc đã được cấp lại. Hãy hỏi thư ký hội nghị.")
    return voter


def vote_cast(*, token: str, ballot: Ballot, choices: list[str], abstain: bool = False) -> str:
    """Casts the delegate's ballot through their link and returns the receipt code.

    One transaction records the unit's participation and puts its paper(s) in the ballot's
    sealed box (re-shuffled and re-encrypted as a whole); the receipt is returned only once that
    transaction has committed, so an acknowledged vote is durable. The papers reach the papers
    table only at closing, shuffled. Deliberately no audit row here: an audit event per vote
    would carry a fine timestamp and an increasing id in voting order; closing records who took
    part, once (``ballot.participants``)."""
    voter = voter_pass_for(token)
    if voter.conference_id != ballot.conference_id:
        raise PermissionDenied(
            "Mã bỏ phiếu này thuộc hội nghị khác, không dùng được cho nội dung biểu quyết này."
        )
    choices = _clean_choices(ballot, choices, abstain)
    weight = weight_of(ballot.conference.bloc_year, voter.unit)
    if weight <= 0:
        raise PermissionDenied(f"{voter.unit.name} không có quyền biểu quyết trong năm này.")
    width = sealing.paper_width(_choice_keys(ballot), 1 if ballot.is_question else ballot.seats)
    with transaction.atomic():
        ballot = _lock(ballot)
        if ballot.status != BallotStatus.OPEN:
            raise field_error("status", _closed_message(ballot))
        if not ballot.conference.attendance.filter(unit_id=voter.unit_id, present=True).exists():
            raise PermissionDenied(f"{voter.unit.name} không có tên trong danh sách có mặt.")
        done = Participation.objects.filter(ballot=ballot, unit_id=voter.unit_id).first()
        if done:
            raise _already_voted(voter.unit, done.channel)
        try:
            with transaction.atomic():
                Participation.objects.create(ballot=ballot, unit_id=voter.unit_id, channel=Channel.PHONE)
        except IntegrityError as exc:
            raise _already_voted(voter.unit, None) from exc
        receipt = new_receipt()
        box, _created = BallotBox.objects.select_for_update().get_or_create(ballot=ballot)
        papers = _open_box(box)
        papers += [{"c": choices, "a": abstain, "r": receipt if i == 0 else ""} for i in range(weight)]
        box.sealed = sealing.seal(ballot.pk, papers, width)
        box.save(update_fields=["sealed"])
    return receipt


BOX_DAMAGED = (
    "Hòm phiếu điện tử của nội dung này không mở được bằng khóa của máy chủ (khóa bí mật đã bị đổi?). "
    "Không có thay đổi nào được ghi; hãy báo quản trị hệ thống."
)


def _open_box(box: BallotBox) -> list[dict]:
    try:
        return sealing.unseal(box.ballot_id, box.sealed)
    except sealing.BoxDamaged as exc:
        raise_alarm(
            f"conference.ballot_box.{box.ballot_id}", f"Hòm phiếu {box.ballot_id} không mở được: {exc}"
        )
        raise field_error("status", BOX_DAMAGED) from exc


def _empty_box(ballot: Ballot) -> int:
    """Writes the sealed papers to the papers table in a random order and empties the box (inside
    the closing transaction). Returns the number of papers written."""
    box = BallotBox.objects.select_for_update().filter(ballot=ballot).first()
    if box is None:
        return 0
    papers = _open_box(box)
    secrets.SystemRandom().shuffle(papers)
    CastBallot.objects.bulk_create(
        [CastBallot(ballot=ballot, choices=p["c"], abstain=p["a"], receipt=p["r"]) for p in papers]
    )
    box.delete()
    return len(papers)


def paper_issue(*, actor, ballot: Ballot, units: list) -> Ballot:
    """Hands paper ballots to delegates who vote on paper; they can then no longer vote by
    phone (and a unit that already voted by phone gets no paper)."""
    _require_manager(actor, ballot.conference)
    if not units:
        raise field_error("units", "Chọn đơn vị nhận phiếu giấy.")
    with transaction.atomic():
        ballot = _lock(ballot)
        if ballot.status != BallotStatus.OPEN:
            raise field_error("status", _closed_message(ballot))
        present = set(ballot.conference.attendance.filter(present=True).values_list("unit_id", flat=True))
        done = {p.unit_id: p for p in ballot.participations.all()}
        for unit in units:
            if unit.pk not in present:
                raise field_error("units", f"{unit.name} không có tên trong danh sách có mặt.")
            if unit.pk in done:
                raise _already_voted(unit, done[unit.pk].channel)
        Participation.objects.bulk_create(
            [Participation(ballot=ballot, unit=u, channel=Channel.PAPER) for u in units]
        )
        audit(actor=actor, action="ballot.paper_issue", obj=ballot, after={"units": [u.code for u in units]})
    return ballot


def paper_issued(ballot: Ballot) -> int:
    weights = unit_weights(ballot.conference.bloc_year)
    return sum(
        weights.get(uid, 0)
        for uid in ballot.participations.filter(channel=Channel.PAPER).values_list("unit_id", flat=True)
    )


def _clean_batch(ballot: Ballot, ballots: int, invalid: int, abstain: int, counts: dict) -> dict:
    keys = _choice_keys(ballot)
    counts = {str(k): v for k, v in (counts or {}).items()}
    unknown = [k for k in counts if k not in keys]
    if unknown:
        raise field_error("counts", "Không có trên phiếu: " + ", ".join(unknown) + ".")
    for value in [ballots, invalid, abstain, *counts.values()]:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise field_error("counts", "Các số phiếu phải là số nguyên không âm.")
    if ballots < 1:
        raise field_error("ballots", "Tập phiếu phải có ít nhất một phiếu.")
    if invalid + abstain > ballots:
        raise field_error(
            "ballots",
            f"Phiếu không hợp lệ ({invalid}) cộng phiếu trắng ({abstain}) vượt số phiếu của tập ({ballots}).",
        )
    marked = ballots - invalid - abstain
    counts = {k: counts.get(k, 0) for k in keys}
    total = sum(counts.values())
    if ballot.is_question:
        if total != marked:
            raise field_error(
                "counts",
                f"Tổng phiếu đồng ý và không đồng ý ({total}) phải bằng số phiếu hợp lệ có biểu quyết ({marked}).",
            )
    else:
        over = [k for k, v in counts.items() if v > marked]
        if over:
            raise field_error(
                "counts", f"Số phiếu của {', '.join(over)} vượt số phiếu hợp lệ có chọn ({marked})."
            )
        if total > marked * ballot.seats:
            raise field_error(
                "counts",
                f"Tổng số lượt chọn ({total}) vượt {marked} phiếu × {ballot.seats} lựa chọn mỗi phiếu.",
            )
        if total < marked:
            raise field_error(
                "counts",
                f"Tổng số lượt chọn ({total}) ít hơn số phiếu hợp lệ có chọn ({marked}): mỗi phiếu chọn ít nhất một.",
            )
    return {"ballots": ballots, "invalid": invalid, "abstain": abstain, "counts": counts}


def paper_batch_count(
    *, actor, ballot: Ballot, number: int, ballots: int, invalid: int = 0, abstain: int = 0, counts: dict
) -> PaperBatch:
    """First count of a bundle of paper ballots; it counts once a recount agrees."""
    _require_manager(actor, ballot.conference)
    data = _clean_batch(ballot, ballots, invalid, abstain, counts)
    with transaction.atomic():
        ballot = _lock(ballot)
        if ballot.status != BallotStatus.OPEN:
            raise field_error("status", "Chỉ nhập phiếu giấy khi biểu quyết đang mở (trước khi kết thúc).")
        if PaperBatch.objects.filter(ballot=ballot, number=number).exists():
            raise field_error("number", f"Tập phiếu số {number} đã được nhập.")
        entered = sum(ballot.paper_batches.values_list("ballots", flat=True))
        issued = paper_issued(ballot)
        if entered + ballots > issued:
            raise field_error(
                "ballots",
                f"Số phiếu giấy nhập ({entered + ballots}) vượt số phiếu giấy đã phát ({issued}).",
            )
        batch = PaperBatch.objects.create(ballot=ballot, number=number, counted_by=actor, **data)
        audit(actor=actor, action="ballot.paper_count", obj=ballot, after=snapshot(batch))
    return batch


def paper_batch_recount(
    *, actor, batch: PaperBatch, ballots: int, invalid: int = 0, abstain: int = 0, counts: dict
) -> PaperBatch:
    """The recount must give exactly the first count's figures, else nothing is recorded."""
    ballot = batch.ballot
    _require_manager(actor, ballot.conference)
    data = _clean_batch(ballot, ballots, invalid, abstain, counts)
    with transaction.atomic():
        _lock(ballot)
        batch = PaperBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == BatchStatus.CONFIRMED:
            raise field_error("number", f"Tập phiếu số {batch.number} đã được kiểm lại và xác nhận.")
        first = {
            "ballots": batch.ballots,
            "invalid": batch.invalid,
            "abstain": batch.abstain,
            "counts": batch.counts,
        }
        if first != data:
            diffs = [
                label
                for key, label in (
                    ("ballots", "số phiếu"),
                    ("invalid", "phiếu không hợp lệ"),
                    ("abstain", "phiếu trắng"),
                )
                if first[key] != data[key]
            ]
            diffs += [
                f"phiếu của {k}" for k in data["counts"] if first["counts"].get(k, 0) != data["counts"][k]
            ]
            raise field_error(
                "counts",
                f"Kết quả kiểm lại tập phiếu số {batch.number} không khớp lần đếm đầu ({', '.join(diffs)}). "
                "Hãy đếm lại tập phiếu.",
            )
        batch.status, batch.recounted_by = BatchStatus.CONFIRMED, actor
        batch.save()
        audit(actor=actor, action="ballot.paper_recount", obj=ballot, after=snapshot(batch))
    return batch


# Counting and closing ----------------------------------------------------------------------------


def tally_for(ballot: Ballot) -> counting.Tally:
    tally = counting.Tally()
    for paper in CastBallot.objects.filter(ballot=ballot).only("choices", "abstain"):
        tally.returned += 1
        if paper.abstain:
            tally.abstain += 1
        for key in paper.choices:
            tally.votes[key] = tally.votes.get(key, 0) + 1
    for batch in ballot.paper_batches.filter(status=BatchStatus.CONFIRMED):
        tally = tally.add(counting.Tally(batch.ballots, batch.invalid, batch.abstain, batch.counts))
    return tally


def compute_result(ballot: Ballot) -> counting.Result:
    rules = rules_for(ballot.conference.bloc_year)
    tally = tally_for(ballot)
    if ballot.is_question:
        return counting.count_question(rules, tally)
    return counting.count_candidates(rules, tally, _choice_keys(ballot), ballot.seats)


def ballot_close(*, actor, ballot: Ballot, apply_leadership: bool = True) -> Ballot:
    """Stops the vote, counts, stores the result, and records what was decided: award
    proposals as outcomes; the elected leader or deputy as next year's (organisations).
    ``apply_leadership=False`` keeps the outcome without telling organisations (a vote held for
    the record only); by default the elected unit becomes the year's ``elected_next_leader`` (or
    deputy), which "start the next year" takes instead of the rotation."""
    _require_manager(actor, ballot.conference)
    with transaction.atomic():
        ballot = _lock(ballot)
        if ballot.status != BallotStatus.OPEN:
            raise field_error("status", "Chỉ kết thúc được biểu quyết đang mở.")
        pending = list(
            ballot.paper_batches.filter(status=BatchStatus.COUNTED).values_list("number", flat=True)
        )
        if pending:
            raise field_error(
                "status", "Còn tập phiếu giấy chưa kiểm lại: số " + ", ".join(map(str, pending)) + "."
            )
        _empty_box(ballot)
        result = compute_result(ballot)
        ballot.status = BallotStatus.CLOSED
        ballot.closed_at = timezone.now()
        ballot.result = result.to_json() | {
            "paper_issued": paper_issued(ballot),
            "rules": rules_json(rules_for(ballot.conference.bloc_year)),
        }
        ballot.save()
        _record_outcomes(actor, ballot, result, apply_leadership)
        audit(actor=actor, action="ballot.close", obj=ballot, after={"result": ballot.result})
        # Who took part, once and in alphabetical order: never per vote, never what they chose.
        parts = sorted(ballot.participations.values_list("unit__code", "channel"))
        audit(
            actor=actor,
            action="ballot.participants",
            obj=ballot,
            after={
                "phone": [code for code, channel in parts if channel == Channel.PHONE],
                "paper": [code for code, channel in parts if channel == Channel.PAPER],
            },
        )
    return ballot


def _record_outcomes(actor, ballot: Ballot, result: counting.Result, apply_leadership: bool) -> None:
    if ballot.is_question or not result.elected:
        return
    bloc_year = ballot.conference.bloc_year
    units = {c.unit.code: c.unit for c in ballot.candidates.select_related("unit")}
    rows = {r.key: r for r in result.rows}
    for code in result.elected:
        Outcome.objects.update_or_create(
            bloc_year=bloc_year,
            kind=ballot.kind,
            unit=units[code],
            defaults={
                "ballot": ballot,
                "votes": rows[code].votes,
                "base": result.base,
                "share": f"{rows[code].percent:.2f}%".replace(".", ","),
            },
        )
    if ballot.kind in LEADERSHIP_KINDS and apply_leadership:
        winner = units[result.elected[0]]
        leader = winner if ballot.kind == BallotKind.NEXT_LEADER else bloc_year.elected_next_leader
        deputy = winner if ballot.kind == BallotKind.NEXT_DEPUTY else bloc_year.elected_next_deputy
        if leader is not None and deputy is not None and leader.pk == deputy.pk:
            # The newer vote wins; the other role must be voted again.
            if ballot.kind == BallotKind.NEXT_LEADER:
                deputy = None
            else:
                leader = None
        bloc_year_record_election(
            actor=actor,
            bloc_year=bloc_year,
            next_leader=leader,
            next_deputy=deputy,
            reason=f"Kết quả biểu quyết: {ballot.title}",
        )


def ballot_runoff(*, actor, ballot: Ballot) -> Ballot:
    """A new round among the tied (or best-placed) candidates for the undecided seats."""
    _require_manager(actor, ballot.conference)
    with transaction.atomic():
        ballot = _lock(ballot)
        if ballot.status != BallotStatus.CLOSED or not ballot.result:
            raise field_error("status", "Chỉ bầu vòng sau khi vòng này đã kết thúc.")
        if ballot.runoffs.exists():
            raise field_error("status", "Đã có vòng bầu tiếp theo cho nội dung này.")
        seats, runoff = ballot.result["undecided_seats"], ballot.result["runoff"]
        if not ballot.result["quorum_met"]:
            raise field_error(
                "status", "Vòng này không đủ số phiếu theo quy chế; hãy tổ chức biểu quyết lại."
            )
        if seats == 0 or not runoff:
            raise field_error("status", "Không còn vị trí chưa phân định, không cần bầu vòng sau.")
        units = {c.unit.code: c.unit for c in ballot.candidates.select_related("unit")}
        new = Ballot.objects.create(
            conference=ballot.conference,
            kind=ballot.kind,
            title=ballot.title,
            seats=min(seats, len(runoff)),
            round=ballot.round + 1,
            parent=ballot,
            position=ballot.position,
        )
        Candidate.objects.bulk_create(
            [Candidate(ballot=new, unit=units[code], position=i) for i, code in enumerate(runoff, start=1)]
        )
        audit(actor=actor, action="ballot.runoff", obj=new, after=snapshot(new) | {"candidates": runoff})
    return new
