"""Demo scores. 2019 (Khối Nội chính, leader THADS): every member's sheet reviewed by the leader,
finalised and published, ranked consistently with the seed outcome — SNV first (Government
flag), then TAND and THADS (provincial flags) level on total (THADS with +5 for
its 2018 provincial flag) and separated by the key-content rule; CA and BCHQS are level on every rule and shown as tied. The current year is open for
self-assessment, with a draft of TAND (one evidence file) and a submitted sheet of VKSND.
The scores are invented: the seed article published only the outcome."""

import datetime as dt
from decimal import Decimal as D

from django.db import transaction
from django.utils import timezone

from thidua.core.sample_pdf import sample_pdf
from thidua.cycles.models import KeyContent, Rubric, RubricItem, StageTransition, YearCycle
from thidua.cycles.selectors import current_rubric
from thidua.organisations.models import BlocYear
from thidua.scoring import files
from thidua.scoring.choices import PUBLISHED_STAGES, AssessmentStatus
from thidua.scoring.models import Assessment, Evidence, Publication, ReviewAssignment, ReviewScore, Score

# code, parent code, kind, title, max, key content position, evidence required
RUBRIC = [
    ("I", None, "group", "Công tác chỉ đạo, tổ chức phong trào thi đua", 20, None, False),
    ("1.1", "I", "criterion", "Ban hành kế hoạch, phát động phong trào thi đua", 10, None, False),
    ("1.1.a", "1.1", "sub", "Kế hoạch thi đua năm ban hành đúng thời hạn", 5, None, False),
    ("1.1.b", "1.1", "sub", "Tổ chức ký giao ước, đăng ký thi đua đầy đủ", 5, None, False),
    ("1.2", "I", "criterion", "Sơ kết, tổng kết, nhân rộng điển hình tiên tiến", 10, None, False),
    ("II", None, "group", "Thực hiện nhiệm vụ chuyên môn được giao", 50, None, False),
    ("2.1", "II", "criterion", "Hoàn thành các chỉ tiêu chuyên môn chủ yếu", 20, 1, False),
    ("2.2", "II", "criterion", "Cải cách hành chính, chuyển đổi số", 15, 2, False),
    ("2.3", "II", "criterion", "Phối hợp giữa các cơ quan nội chính", 15, None, False),
    ("III", None, "group", "Xây dựng Đảng, đoàn thể, cơ quan văn hóa", 20, None, False),
    (
        "3.1",
        "III",
        "criterion",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        10,
        3,
        False,
    ),
    ("3.2", "III", "criterion", "Hoạt động công đoàn, đoàn thanh niên, phụ nữ", 10, None, False),
    ("IV", None, "group", "Công tác khen thưởng", 10, None, False),
    ("4.1", "IV", "criterion", "Khen thưởng kịp thời, đúng quy định", 10, None, True),
    ("C1", None, "bonus", "Đơn vị được tặng Cờ thi đua năm trước", 10, None, False),
    ("T1", None, "deduction", "Vi phạm bị cơ quan có thẩm quyền kết luận", 10, None, False),
]
KEY_CONTENTS = [
    "Hoàn thành xuất sắc chỉ tiêu chuyên môn của ngành",
    "Đẩy mạnh cải cách hành chính",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
]
LEAF_CODES = ["1.1.a", "1.1.b", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1"]
FINAL_2019 = {
    "SNV": [5, 5, 10, 19, 14, 14, 10, 9, 10],
    "TAND": [5, 4.5, 9.5, 19, 14, 13, 10, 9, 9.5],
    "THADS": [5, 5, 9.5, 17, 13, 13, 9, 8.5, 8.5],
    "VKSND": [4.5, 4.5, 9, 18, 14, 13, 9, 9, 9],
    "CA": [4.5, 4.5, 9, 17, 13, 13, 9, 9, 9],
    "BCHQS": [4.5, 4.5, 9, 17, 13, 13, 9, 9, 9],
    "TTR": [4, 4, 8.5, 17, 12.5, 12.5, 9, 8.5, 9],
    "STP": [4, 4, 8, 16, 12, 12, 8.5, 8, 8.5],
}
DEDUCTIONS_2019 = {"STP": 2}
BONUS_2019 = {"THADS": 5}  # a provincial flag in 2018
# One leaf where the unit scored itself higher and the leader lowered it, with the reason.
CORRECTIONS_2019 = {"TAND": ("2.3", 14, "Chưa có số liệu phối hợp quý IV.")}
# When the 2019 sheets were submitted and the leader finished the review (the conference
# stage, which publishes the scores inside the bloc, opened on 02/12/2019).
SUBMITTED_2019 = dt.datetime(2019, 11, 15, 16, 30)
REVIEWED_2019 = dt.datetime(2019, 11, 29, 17, 0)
EVIDENCE_2019 = "Báo cáo công tác khen thưởng năm 2019"


def _rubric(bloc_year, admin, stage: str) -> Rubric:
    YearCycle.objects.get_or_create(bloc_year=bloc_year, defaults={"stage": stage})
    rubric = current_rubric(bloc_year)
    if rubric is not None:
        return rubric
    contents = list(bloc_year.key_contents.all())
    if not contents:
        contents = [
            KeyContent.objects.create(bloc_year=bloc_year, position=i, title=t)
            for i, t in enumerate(KEY_CONTENTS, 1)
        ]
    rubric = Rubric.objects.filter(bloc_year=bloc_year).order_by("-version").first()
    if rubric is None:
        rubric = Rubric.objects.create(bloc_year=bloc_year, version=1, total=100, created_by=admin)
    if rubric.items.exists():
        # A rubric drafted by the cycles demo: score against it as it is, once frozen.
        if rubric.frozen_at is None:
            rubric.frozen_at = timezone.now()
            rubric.save(update_fields=["frozen_at"])
        return rubric
    rubric.frozen_at = timezone.now()
    rubric.total = 100
    rubric.save(update_fields=["frozen_at", "total"])
    items = {}
    for position, (code, parent, kind, title, max_points, key, evidence) in enumerate(RUBRIC, 1):
        items[code] = RubricItem.objects.create(
            rubric=rubric,
            parent=items.get(parent),
            kind=kind,
            code=code,
            title=title,
            max_points=max_points,
            evidence_required=evidence,
            position=position,
        )
        if key and key <= len(contents):
            items[code].key_contents.add(contents[key - 1])
    return rubric


def _items(rubric) -> dict[str, RubricItem]:
    return {i.code: i for i in rubric.items.all()}


def _load_2019(by, units, admin) -> None:
    rubric = _rubric(by, admin, "conference")
    if Assessment.objects.filter(bloc_year=by).exists():
        return
    items = _items(rubric)
    leaf_codes = [c for c in LEAF_CODES if c in items]
    if len(leaf_codes) != len(LEAF_CODES):
        return  # a rubric made by the cycles demo with other codes: leave scoring empty
    submitted, reviewed = (timezone.make_aware(t) for t in (SUBMITTED_2019, REVIEWED_2019))
    leader_id = by.effective_leader_id
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                bloc_year=by,
                unit_id=units[code],
                rubric=rubric,
                status=AssessmentStatus.FINALISED,
                submitted_at=submitted,
                finalised_at=reviewed,
                final_total=D(sum(D(str(v)) for v in values))
                - DEDUCTIONS_2019.get(code, 0)
                + BONUS_2019.get(code, 0),
                version=2,
            )
            for code, values in FINAL_2019.items()
        ]
    )
    assignments = ReviewAssignment.objects.bulk_create(
        [ReviewAssignment(assessment=a, reviewer_id=leader_id, completed_at=reviewed) for a in assessments]
    )
    scores, reviews = [], []
    for (code, values), assessment, assignment in zip(
        FINAL_2019.items(), assessments, assignments, strict=True
    ):
        fix = CORRECTIONS_2019.get(code)
        for leaf, value in zip(leaf_codes, values, strict=True):
            final = D(str(value))
            own = D(str(fix[1])) if fix and fix[0] == leaf else final
            scores.append(
                Score(
                    assessment=assessment,
                    item=items[leaf],
                    points=own,
                    final_points=final,
                    explanation="Theo báo cáo tổng kết năm 2019.",
                )
            )
            reviews.append(
                ReviewScore(
                    assignment=assignment,
                    item=items[leaf],
                    points=final,
                    reason=fix[2] if fix and fix[0] == leaf else "",
                )
            )
        deduction = D(DEDUCTIONS_2019.get(code, 0))
        scores.append(
            Score(assessment=assessment, item=items["T1"], points=deduction, final_points=deduction)
        )
        reviews.append(ReviewScore(assignment=assignment, item=items["T1"], points=deduction))
        bonus = D(BONUS_2019.get(code, 0))
        scores.append(Score(assessment=assessment, item=items["C1"], points=bonus, final_points=bonus))
        reviews.append(ReviewScore(assignment=assignment, item=items["C1"], points=bonus))
    Score.objects.bulk_create(scores)
    ReviewScore.objects.bulk_create(reviews)
    # Criterion 4.1 asks for evidence: each unit's awards report, a real one-page PDF.
    by_unit = {v: k for k, v in units.items()}
    for score in Score.objects.filter(assessment__bloc_year=by, item=items["4.1"]).select_related(
        "assessment"
    ):
        code = by_unit[score.assessment.unit_id]
        _evidence(
            score,
            admin,
            name=f"bao-cao-khen-thuong-2019-{code.lower()}.pdf",
            storage=f"demo-2019-{code.lower()}-khenthuong",
            title=EVIDENCE_2019,
            lines=[
                f"{score.assessment.unit.name_in_year(2019)}",
                "Khen thưởng kịp thời, đúng quy định: danh sách quyết định khen thưởng năm 2019 "
                "kèm theo báo cáo tổng kết.",
                "Tài liệu mẫu của ThiDua (dữ liệu minh hoạ).",
            ],
            when=submitted,
        )
    Publication.objects.get_or_create(bloc_year=by, defaults={"published_by": admin})


def _evidence(score, admin, *, name, storage, title, lines, when=None) -> Evidence:
    """An evidence file: a small real PDF written to private storage."""
    data = sample_pdf(title, lines)
    files.write(storage, data)
    evidence = Evidence.objects.create(
        score=score,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        storage_name=storage,
        uploaded_by=admin,
    )
    if when is not None:
        Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=when)
    return evidence


def _date_publications(bloc_years) -> None:
    """A year's scores were published when it entered the conference stage (the workflow hook
    stamps the loading moment): give each publication the date of that step."""
    for by in bloc_years:
        entered = (
            StageTransition.objects.filter(bloc_year=by, to_stage__in=PUBLISHED_STAGES)
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if entered is not None:
            Publication.objects.filter(bloc_year=by).update(published_at=entered)


def _load_current(by, units, admin) -> None:
    rubric = _rubric(by, admin, "self_assessment")
    if Assessment.objects.filter(bloc_year=by).exists():
        return
    items = _items(rubric)
    if not all(c in items for c in LEAF_CODES):
        return
    draft = Assessment.objects.create(bloc_year=by, unit_id=units["TAND"], rubric=rubric)
    first = Score.objects.create(
        assessment=draft, item=items["1.1.a"], points=5, explanation="Kế hoạch số 12/KH-TA ngày 10/01."
    )
    Score.objects.create(assessment=draft, item=items["1.1.b"], points=4)
    _evidence(
        first,
        admin,
        name="ke-hoach-thi-dua.pdf",
        storage="demo-tand-kehoach",
        title=f"Kế hoạch thi đua năm {by.year}",
        lines=[
            "Tòa án nhân dân tỉnh",
            f"Kế hoạch số 12/KH-TA ngày 10/01/{by.year} về tổ chức phong trào thi đua năm {by.year}.",
            "Tài liệu mẫu của ThiDua (dữ liệu minh hoạ).",
        ],
    )
    submitted = Assessment.objects.create(
        bloc_year=by,
        unit_id=units["VKSND"],
        rubric=rubric,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.now(),
        version=1,
    )
    Score.objects.bulk_create(
        [
            Score(assessment=submitted, item=items[c], points=items[c].max_points * D("0.9"))
            for c in LEAF_CODES
        ]
    )
    if by.effective_leader_id:
        ReviewAssignment.objects.create(assessment=submitted, reviewer_id=by.effective_leader_id)


@transaction.atomic
def load(*, context: dict, stdout=None) -> None:
    admin, units, bloc = context["admin"], context["units"], context["bloc"]
    y2019 = BlocYear.objects.filter(bloc=bloc, year=2019).first()
    if y2019:
        _load_2019(y2019, units, admin)
    _date_publications(BlocYear.objects.filter(bloc=bloc, year__lt=context["current_year"]))
    current = BlocYear.objects.filter(bloc=bloc, year=context["current_year"]).first()
    if current:
        _load_current(current, units, admin)
    if stdout:
        stdout.write("Đã nạp: điểm năm 2019 (đã chốt, công bố) và bảng tự chấm năm hiện tại.")
