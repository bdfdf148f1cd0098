"""The bloc's machine-readable regulations, stored as JSON in ``BlocYear.settings``.

Defaults follow shared/DOMAIN.md. The cycles app edits them (issue: regulations and settings);
scoring, the conference and awards read them through ``get_settings``. Ratios are fractions
written as "2/3" so that thresholds are exact. The codes below are the stored format (the API
accepts them); every page shows their Vietnamese names."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from django.core.exceptions import ValidationError

from thidua.core.forms import format_decimal

REVIEWER_MODES = {"leader": "Trưởng khối chấm tất cả", "cross": "Chấm chéo", "panel": "Tổ chấm điểm"}
AGGREGATIONS = {"mean": "Trung bình cộng", "median": "Trung vị", "trimmed_mean": "Trung bình cắt bỏ cực trị"}
TIE_BREAKS = {
    "key_contents": "Điểm các nội dung trọng tâm của giao ước cao hơn",
    "fewer_deductions": "Ít điểm trừ hơn",
    "bonus": "Điểm cộng cao hơn",
    "vote": "Số phiếu bầu tại hội nghị tổng kết nhiều hơn",
    "women": "Ưu tiên tập thể có từ 70% nữ trở lên (Nghị định 152/2025, Điều 4.6)",
}
APPROVAL_BASES = {"members": "trên tổng số thành viên", "cast": "trên số phiếu bầu"}
# What happens to a member that never submits its score sheet once the secretary closes it out.
# Stages that may close by themselves at their deadline (scoring's two steps: a unit's own and the
# reviewers'); the others need a person's decision (a conference, proposals).
AUTO_CLOSE_STAGES = {"self_assessment": "Đơn vị tự chấm điểm", "review": "Thẩm định, chấm điểm"}
CLOSE_OUT_MODES = {"zero": "Tính 0 điểm và vẫn xếp hạng", "exclude": "Không đưa vào xếp hạng"}
# The yearly rating scale (shared/DOMAIN.md §1), highest first; awards' rules compare these codes.
RATINGS = {
    "HTXS": "Hoàn thành xuất sắc nhiệm vụ",
    "HTT": "Hoàn thành tốt nhiệm vụ",
    "HT": "Hoàn thành nhiệm vụ",
    "KHT": "Không hoàn thành nhiệm vụ",
}
RATING_RANK = {code: rank for rank, code in enumerate(reversed(RATINGS))}

BAND_FALLBACK_UNKNOWN = "Xếp loại còn lại phải là HTXS, HTT, HT hoặc KHT."
BANDS_EMPTY = "Cần ít nhất một mức xếp loại."
BAND_UNKNOWN = "Không có mức xếp loại “{code}” (dùng HTXS, HTT, HT)."
BAND_NUMBER = "Điểm và tỉ lệ của mức xếp loại “{code}” phải là số."
BAND_REPEATED = "Mức {band} bị lặp."
BAND_NOT_ABOVE_FALLBACK = "Mức {band} phải cao hơn xếp loại dành cho các đơn vị còn lại ({fallback})."
BAND_TOTAL_RANGE = "Điểm tối thiểu của mức {band} phải từ 0 đến {total}."
BAND_RATIO_RANGE = "Tỉ lệ mỗi tiêu chí của mức {band} phải từ 0 đến 100%."
BANDS_ORDER = "Các mức xếp loại phải xếp từ cao xuống thấp: HTXS, HTT, HT."
BANDS_NOT_ASCENDING = (
    "Điểm tối thiểu phải tăng dần theo mức xếp loại: mức {higher} ({higher_min} điểm) "
    "phải cao hơn mức {lower} ({lower_min} điểm)."
)
BANDS_RATIO_NOT_ASCENDING = (
    "Mức {higher} không được đòi mỗi tiêu chí thấp hơn mức {lower} "
    "({higher_min}% so với {lower_min}% điểm tối đa)."
)


@dataclass
class Band:
    code: str
    label: str
    min_total: float
    min_each_ratio: float

    @property
    def summary(self) -> str:
        """“Hoàn thành tốt nhiệm vụ (HTT): từ 80 điểm, mỗi tiêu chí ≥ 82,5% điểm tối đa”."""
        return (
            f"{self.label} ({self.code}): từ {format_decimal(self.min_total)} điểm, "
            f"mỗi tiêu chí ≥ {percent(self.min_each_ratio)}% điểm tối đa"
        )


DEFAULT_BANDS = [
    Band("HTXS", "Hoàn thành xuất sắc nhiệm vụ", 90, 0.85),
    Band("HTT", "Hoàn thành tốt nhiệm vụ", 80, 0.80),
    Band("HT", "Hoàn thành nhiệm vụ", 70, 0.70),
]


@dataclass
class BlocSettings:
    scoring_total: float = 100
    reviewer_mode: str = "leader"
    aggregation: str = "mean"
    trim_ratio: float = 0.2
    # Reviewers of one criterion further apart than this share of its maximum (0.15 = 15%) open a
    # moderation step before the sheet can be finalised (scoring).
    disagreement_threshold: float = 0.15
    blind_review: bool = False  # reviewers see each other's scores only once all have finished
    close_out_mode: str = "zero"  # a unit that never submits: "zero" points or "exclude"d
    # Stages that close by themselves the day after their deadline (the year moves to the next).
    auto_close: list[str] = field(default_factory=list)
    bands: list[Band] = field(default_factory=lambda: [Band(**asdict(b)) for b in DEFAULT_BANDS])
    fallback_band: str = "KHT"
    tie_break: list[str] = field(default_factory=lambda: ["key_contents", "fewer_deductions", "vote"])
    ballot_secret: bool = True
    quorum: str = "2/3"
    approval_base: str = "members"
    approval_ratio: str = "1/2"
    approval_strict: bool = True  # "more than" half rather than "at least"
    unit_weights: dict[str, int] = field(default_factory=dict)  # unit code -> votes, empty = one each
    provincial_flags: int = 1
    deadlines: dict[str, str] = field(default_factory=dict)  # stage -> ISO date

    @property
    def fallback_label(self) -> str:
        return RATINGS.get(self.fallback_band, self.fallback_band)

    @property
    def quorum_fraction(self) -> Fraction:
        return Fraction(self.quorum)

    @property
    def approval_fraction(self) -> Fraction:
        return Fraction(self.approval_ratio)

    def to_json(self) -> dict:
        return asdict(self)


def _fraction(value: str, field_name: str) -> str:
    try:
        frac = Fraction(str(value))
    except (ValueError, ZeroDivisionError) as exc:
        raise ValidationError({field_name: [f"“{value}” không phải tỉ lệ hợp lệ (ví dụ 2/3)."]}) from exc
    if not 0 < frac <= 1:
        raise ValidationError({field_name: ["Tỉ lệ phải lớn hơn 0 và không quá 1."]})
    return str(frac)


def percent(ratio) -> str:
    """0.85 → "85", 0.825 → "82,5" (a share of a criterion's maximum, as the pages write it)."""
    return format_decimal(Decimal(str(ratio)) * 100)


def rating_name(code: str) -> str:
    """“Hoàn thành tốt nhiệm vụ (HTT)”; an unknown code as it is."""
    return f"{RATINGS[code]} ({code})" if code in RATINGS else code


def check_bands(bands: list[Band], *, fallback: str, scoring_total: float) -> None:
    """A higher rating needs a higher total and no lower share of each criterion's maximum, so
    that the bands never overlap; listed from the highest rating down (the order ``classify``
    tries them in), every one above the rating given to the rest. Messages name the bands."""

    def refuse(message: str, **names):
        raise ValidationError({"bands": [message.format(**names)]})

    if fallback not in RATINGS:
        raise ValidationError({"fallback_band": [BAND_FALLBACK_UNKNOWN]})
    if not bands:
        refuse(BANDS_EMPTY)
    seen = set()
    for band in bands:
        if band.code not in RATINGS:
            refuse(BAND_UNKNOWN, code=band.code)
        name = rating_name(band.code)
        if band.code in seen:
            refuse(BAND_REPEATED, band=name)
        seen.add(band.code)
        if RATING_RANK[band.code] <= RATING_RANK[fallback]:
            refuse(BAND_NOT_ABOVE_FALLBACK, band=name, fallback=rating_name(fallback))
        if not 0 <= band.min_total <= scoring_total:
            refuse(BAND_TOTAL_RANGE, band=name, total=format_decimal(scoring_total))
        if not 0 <= band.min_each_ratio <= 1:
            refuse(BAND_RATIO_RANGE, band=name)
    if [b.code for b in bands] != sorted((b.code for b in bands), key=RATING_RANK.get, reverse=True):
        refuse(BANDS_ORDER)
    for higher, lower in pairwise(bands):
        names = {"higher": rating_name(higher.code), "lower": rating_name(lower.code)}
        if higher.min_total <= lower.min_total:
            refuse(
                BANDS_NOT_ASCENDING,
                **names,
                higher_min=format_decimal(higher.min_total),
                lower_min=format_decimal(lower.min_total),
            )
        if higher.min_each_ratio < lower.min_each_ratio:
            refuse(
                BANDS_RATIO_NOT_ASCENDING,
                **names,
                higher_min=percent(higher.min_each_ratio),
                lower_min=percent(lower.min_each_ratio),
            )


def validate(data: dict) -> BlocSettings:
    """Checks a new value (the service's writes): everything ``get_settings`` checks, and bands
    that do not overlap (``check_bands``)."""
    settings = _build(data)
    check_bands(settings.bands, fallback=settings.fallback_band, scoring_total=settings.scoring_total)
    return settings


def _build(data: dict) -> BlocSettings:
    """Builds settings from JSON, refusing unknown keys and bad values with Vietnamese messages
    (the bands' order is ``check_bands``'s, on writes)."""
    data = dict(data or {})
    known = set(BlocSettings.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise ValidationError({sorted(unknown)[0]: ["Thiết lập không được hỗ trợ."]})
    if "bands" in data:
        try:
            data["bands"] = [Band(**b) if isinstance(b, dict) else b for b in data["bands"]]
        except TypeError as exc:
            raise ValidationError(
                {"bands": ["Mỗi mức xếp loại cần code, label, min_total, min_each_ratio."]}
            ) from exc
        for band in data["bands"]:
            try:
                band.min_total, band.min_each_ratio = float(band.min_total), float(band.min_each_ratio)
            except (TypeError, ValueError) as exc:
                raise ValidationError({"bands": [BAND_NUMBER.format(code=band.code)]}) from exc
    settings = BlocSettings(**data)
    if settings.reviewer_mode not in REVIEWER_MODES:
        raise ValidationError({"reviewer_mode": ["Cách chấm không hợp lệ."]})
    if settings.aggregation not in AGGREGATIONS:
        raise ValidationError({"aggregation": ["Cách tổng hợp điểm không hợp lệ."]})
    if not 0 <= settings.trim_ratio < 0.5:
        raise ValidationError({"trim_ratio": ["Tỉ lệ cắt bỏ phải từ 0 đến dưới 0,5."]})
    if settings.scoring_total <= 0:
        raise ValidationError({"scoring_total": ["Tổng điểm phải lớn hơn 0."]})
    bad = [t for t in settings.tie_break if t not in TIE_BREAKS]
    if bad or len(set(settings.tie_break)) != len(settings.tie_break):
        raise ValidationError({"tie_break": ["Tiêu chí phân định bằng điểm không hợp lệ hoặc bị lặp."]})
    if settings.approval_base not in APPROVAL_BASES:
        raise ValidationError({"approval_base": ["Cách tính tỉ lệ tán thành không hợp lệ."]})
    settings.quorum = _fraction(settings.quorum, "quorum")
    settings.approval_ratio = _fraction(settings.approval_ratio, "approval_ratio")
    if isinstance(settings.disagreement_threshold, bool) or not isinstance(
        settings.disagreement_threshold, int | float
    ):
        raise ValidationError({"disagreement_threshold": ["Ngưỡng chênh lệch phải là số (ví dụ 0.15)."]})
    if not 0 < settings.disagreement_threshold <= 1:
        raise ValidationError(
            {
                "disagreement_threshold": [
                    "Ngưỡng chênh lệch phải lớn hơn 0 và không quá 1 (0.15 là 15% điểm tối đa của tiêu chí)."
                ]
            }
        )
    if not isinstance(settings.blind_review, bool):
        raise ValidationError(
            {"blind_review": ["Chấm độc lập chỉ nhận giá trị có (true) hoặc không (false)."]}
        )
    if settings.close_out_mode not in CLOSE_OUT_MODES:
        raise ValidationError(
            {"close_out_mode": ["Cách xử lý đơn vị không nộp bảng điểm phải là “zero” hoặc “exclude”."]}
        )
    if settings.provincial_flags < 0:
        raise ValidationError({"provincial_flags": ["Số cờ thi đua không được âm."]})
    if not isinstance(settings.auto_close, list) or not set(settings.auto_close) <= set(AUTO_CLOSE_STAGES):
        raise ValidationError(
            {
                "auto_close": [
                    "Chỉ các bước “" + "”, “".join(AUTO_CLOSE_STAGES.values()) + "” được tự đóng khi đến hạn."
                ]
            }
        )
    for band in settings.bands:
        band.label = band.label or RATINGS.get(band.code, band.code)
    return settings


def get_settings(bloc_year) -> BlocSettings:
    """The year's settings with defaults filled in (stored JSON may be partial). Reading keeps the
    older, looser checks so that a value stored before ``check_bands`` existed still opens."""
    return _build(bloc_year.settings or {})
