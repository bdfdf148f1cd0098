"""The bloc's machine-readable regulations, stored as JSON in ``BlocYear.settings``.

Defaults follow shared/DOMAIN.md. The cycles app edits them (issue: regulations and settings);
scoring, the conference and awards read them through ``get_settings``. Ratios are fractions
written as "2/3" so that thresholds are exact."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError

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


@dataclass
class Band:
    code: str
    label: str
    min_total: float
    min_each_ratio: float


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
    disagreement_threshold: float = 0.2  # share of a criterion's maximum
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


def validate(data: dict) -> BlocSettings:
    """Builds settings from JSON, refusing unknown keys and bad values with Vietnamese messages."""
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
    if settings.provincial_flags < 0:
        raise ValidationError({"provincial_flags": ["Số cờ thi đua không được âm."]})
    totals = [b.min_total for b in settings.bands]
    if totals != sorted(totals, reverse=True):
        raise ValidationError({"bands": ["Các mức xếp loại phải theo thứ tự điểm giảm dần."]})
    return settings


def get_settings(bloc_year) -> BlocSettings:
    """The year's settings with defaults filled in (stored JSON may be partial)."""
    return validate(bloc_year.settings or {})
