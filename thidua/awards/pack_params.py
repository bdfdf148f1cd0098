"""Pack-wide parameters of a rule pack, stored as JSON in ``RulePack.params``.

Each is a setting because the law leaves it open or sources disagree (shared/DOMAIN.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError

from thidua.awards.choices import CashRounding, QuotaRounding

QUOTA_BASES = {
    "bloc_leaders": "Số tập thể dẫn đầu các khối, cụm do tỉnh tổ chức (Luật 06/2022, Điều 25.1)",
    "provincial_flag_standard": "Số tập thể đủ tiêu chuẩn Cờ thi đua cấp tỉnh (Nghị định 91/2017, Điều 11.1)",
}
LABELS = {
    "cash_rounding": "Cách làm tròn tiền thưởng",
    "cash_article": "Căn cứ làm tròn tiền thưởng",
    "gov_flag_quota_ratio": "Tỉ lệ tối đa đề nghị Cờ thi đua của Chính phủ",
    "gov_flag_quota_rounding": "Cách làm tròn chỉ tiêu Cờ thi đua của Chính phủ",
    "gov_flag_quota_basis": "Cơ sở tính tỉ lệ Cờ thi đua của Chính phủ",
    "gov_flag_quota_article": "Căn cứ chỉ tiêu Cờ thi đua của Chính phủ",
    "principles_article": "Căn cứ nguyên tắc chung (kỷ luật, điều tra, khen thưởng tiền đề)",
    "dissolved_article": "Căn cứ không khen thưởng đơn vị đã giải thể",
    "dossier_article": "Căn cứ thành phần hồ sơ đề nghị khen thưởng",
    "once_article": "Căn cứ: một thành tích chỉ khen một lần; lần sau tính từ thời gian ghi trong quyết định trước",
    "transition": "Quy định chuyển tiếp khi bộ quy tắc này bắt đầu có hiệu lực",
    "transition_article": "Căn cứ quy định chuyển tiếp",
    "women_priority_article": (
        "Căn cứ ưu tiên nữ (tập thể có từ 70% nữ) khi ngang thành tích mà chỉ tiêu phải chọn; "
        "để trống nếu bộ quy tắc không có quy định này"
    ),
}
TRANSITIONS = {
    "": "Không có: năm thành tích xét theo bộ quy tắc có hiệu lực ngày 31/12 của năm đó",
    "receipt_date": (
        "Hồ sơ nhận trước ngày có hiệu lực xét theo quy định cũ, trừ khi quy định mới có lợi hơn"
    ),
}


@dataclass
class PackParams:
    cash_rounding: str = CashRounding.UP_10000
    cash_article: str = "Nghị định 98/2023/NĐ-CP, Điều 53.2"
    gov_flag_quota_ratio: str = "1/5"
    gov_flag_quota_rounding: str = QuotaRounding.FLOOR
    gov_flag_quota_basis: str = "bloc_leaders"
    gov_flag_quota_article: str = "Công văn 5007/BNV-TĐKT năm 2023 của Bộ Nội vụ"
    principles_article: str = "Nghị định 152/2025/NĐ-CP, Điều 4"
    dissolved_article: str = "Thông tư 15/2025/TT-BNV"
    dossier_article: str = "Luật Thi đua, khen thưởng 2022, Điều 84.1"
    once_article: str = ""
    transition: str = ""
    transition_article: str = ""
    # Empty: the pack has no such rule, and equal candidates across a quota's cut are a tie.
    women_priority_article: str = ""

    @property
    def quota_fraction(self) -> Fraction:
        return Fraction(self.gov_flag_quota_ratio)

    def to_json(self) -> dict:
        return {k: str(v) for k, v in asdict(self).items()}

    def items(self):
        """(key, Vietnamese label, value shown) for the pack page."""
        shown = {
            "cash_rounding": dict(CashRounding.choices).get(self.cash_rounding, self.cash_rounding),
            "gov_flag_quota_rounding": dict(QuotaRounding.choices).get(
                self.gov_flag_quota_rounding, self.gov_flag_quota_rounding
            ),
            "gov_flag_quota_basis": QUOTA_BASES.get(self.gov_flag_quota_basis, self.gov_flag_quota_basis),
            "transition": TRANSITIONS.get(self.transition, self.transition),
        }
        return [(k, LABELS[k], shown.get(k, v)) for k, v in asdict(self).items()]


def parse_fraction(value, field: str, *, allow_blank: bool = False) -> str:
    if allow_blank and (value is None or str(value).strip() == ""):
        return ""
    try:
        frac = Fraction(str(value).strip().replace(",", "."))
    except (ValueError, ZeroDivisionError) as exc:
        raise ValidationError({field: [f"“{value}” không phải tỉ lệ hợp lệ (ví dụ 4/5)."]}) from exc
    if not 0 < frac <= 1:
        raise ValidationError({field: ["Tỉ lệ phải lớn hơn 0 và không quá 1."]})
    return str(frac)


def validate(data: dict) -> PackParams:
    """Builds parameters from JSON, refusing unknown keys and bad values with Vietnamese messages."""
    data = dict(data or {})
    unknown = set(data) - set(PackParams.__dataclass_fields__)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: ["Tham số không được hỗ trợ."]})
    params = PackParams(**{k: str(v) for k, v in data.items()})
    if params.cash_rounding not in CashRounding.values:
        raise ValidationError({"cash_rounding": ["Cách làm tròn tiền thưởng không hợp lệ."]})
    if params.gov_flag_quota_rounding not in QuotaRounding.values:
        raise ValidationError({"gov_flag_quota_rounding": ["Cách làm tròn chỉ tiêu không hợp lệ."]})
    if params.gov_flag_quota_basis not in QUOTA_BASES:
        raise ValidationError({"gov_flag_quota_basis": ["Cơ sở tính tỉ lệ không hợp lệ."]})
    if params.transition not in TRANSITIONS:
        raise ValidationError({"transition": ["Quy định chuyển tiếp không hợp lệ."]})
    params.gov_flag_quota_ratio = parse_fraction(params.gov_flag_quota_ratio, "gov_flag_quota_ratio")
    return params
