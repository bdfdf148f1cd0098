"""Reference data: the award catalogue, the three rule packs and the base-salary table.

Installed by a data migration (and again, harmlessly, by the demo loader). After that they are
data: an administrator views them, copies a pack to a new effective date and adjusts it.
Articles are those quoted in shared/DOMAIN.md; where a source gave no article number the entry
names the instrument only, and the administrator can complete it."""

import datetime as dt
from decimal import Decimal

IND, COL = "individual", "collective"
TITLE, FORM = "title", "commendation"

CATALOGUE = [
    # code, name, kind, subject, authority, rank
    ("ldtt", "Lao động tiên tiến", TITLE, IND, "head_of_unit", 10),
    ("cstdcs", "Chiến sĩ thi đua cơ sở", TITLE, IND, "head_of_unit", 20),
    ("cstd_tinh", "Chiến sĩ thi đua cấp tỉnh", TITLE, IND, "provincial_chairman", 30),
    ("cstd_tq", "Chiến sĩ thi đua toàn quốc", TITLE, IND, "prime_minister", 40),
    ("giay_khen_cn", "Giấy khen của Thủ trưởng cơ quan, đơn vị (cá nhân)", FORM, IND, "head_of_unit", 10),
    ("bk_tinh_cn", "Bằng khen của Chủ tịch UBND tỉnh (cá nhân)", FORM, IND, "provincial_chairman", 20),
    ("bk_ttg_cn", "Bằng khen của Thủ tướng Chính phủ (cá nhân)", FORM, IND, "prime_minister", 30),
    ("hcld3_cn", "Huân chương Lao động hạng Ba (cá nhân)", FORM, IND, "president", 40),
    ("ttldtt", "Tập thể lao động tiên tiến", TITLE, COL, "head_of_unit", 10),
    ("ttldxs", "Tập thể lao động xuất sắc", TITLE, COL, "provincial_chairman", 20),
    ("co_tinh", "Cờ thi đua của UBND tỉnh", TITLE, COL, "provincial_chairman", 30),
    ("co_cp", "Cờ thi đua của Chính phủ", TITLE, COL, "prime_minister", 40),
    ("giay_khen_tt", "Giấy khen của Thủ trưởng cơ quan, đơn vị (tập thể)", FORM, COL, "head_of_unit", 10),
    ("bk_tinh_tt", "Bằng khen của Chủ tịch UBND tỉnh (tập thể)", FORM, COL, "provincial_chairman", 20),
    ("bk_ttg_tt", "Bằng khen của Thủ tướng Chính phủ (tập thể)", FORM, COL, "prime_minister", 30),
    ("hcld3_tt", "Huân chương Lao động hạng Ba (tập thể)", FORM, COL, "president", 40),
    # Ministry, sector and central-body awards: the province does not judge them, but they count
    # where the Law says "Bộ, ban, ngành, tỉnh" (Law 06/2022 Art 21, 26, 73.1.b; Law 2003 Art 44.2).
    ("cstd_bo", "Chiến sĩ thi đua cấp bộ, ban, ngành, đoàn thể trung ương", TITLE, IND, "minister", 30),
    ("bk_bo_cn", "Bằng khen cấp bộ, ban, ngành, đoàn thể trung ương (cá nhân)", FORM, IND, "minister", 20),
    ("co_bo", "Cờ thi đua cấp bộ, ban, ngành, đoàn thể trung ương", TITLE, COL, "minister", 30),
    ("bk_bo_tt", "Bằng khen cấp bộ, ban, ngành, đoàn thể trung ương (tập thể)", FORM, COL, "minister", 20),
]
# Who decides for a unit under vertical management (a branch: court, procuracy, police, military
# command, civil-judgment enforcement, tax…), where the catalogue states it for that line (Law
# 06/2022 Art 79–80): grassroots titles by the head of the unit, the excellent labour collective
# by the head of the ministry or sector. Awards not listed are decided as for any unit (blank):
# provincial awards by the provincial chairman for every unit proposing through the province,
# central awards by the Prime Minister or the President.
AUTHORITY_VERTICAL = {
    "ldtt": "head_of_unit",
    "cstdcs": "head_of_unit",
    "ttldtt": "head_of_unit",
    "ttldxs": "minister",
}
# Codes that meet a prerequisite written "of a ministry, sector or province".
BK_IND, BK_COL = ["bk_tinh_cn", "bk_bo_cn"], ["bk_tinh_tt", "bk_bo_tt"]
FLAGS = ["co_tinh", "co_bo", "co_cp"]

L03 = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013)"
L22 = "Luật Thi đua, khen thưởng 2022 (Luật 06/2022/QH15)"
COUNCIL_98 = "Nghị định 98/2023/NĐ-CP, Điều 30.7"
# Decree 152/2025 replaced Decree 98/2023 from 01/07/2025: the 2025 pack never cites Decree 98.
# Its Council ratios were not confirmed as a national rule, so they stay the province's setting.
COUNCIL_152 = "Nghị định 152/2025/NĐ-CP; tỉ lệ tán thành theo quy chế Hội đồng của tỉnh (thiết lập)"
N91 = "Nghị định 91/2017/NĐ-CP"
N98 = "Nghị định 98/2023/NĐ-CP"
N152 = "Nghị định 152/2025/NĐ-CP"
PACK_2019, PACK_2024, PACK_2025 = (
    "luat-2003-nd-91-2017",
    "luat-06-2022-nd-98-2023",
    "luat-06-2022-nd-152-2025",
)
# Deadlines for sending a central award's dossier to the Ministry of Home Affairs: (dd/mm of
# the year after the achievement year). Decree 98/2023 Art 32.1; the 2019 regime's are not
# confirmed (left blank rather than borrowed).
DEADLINES = {
    PACK_2024: {"co_cp": ("30/06", f"{N98}, Điều 32.1"), "cstd_tq": ("31/12", f"{N98}, Điều 32.1")},
    PACK_2025: {
        "co_cp": ("30/06", f"{N152} (thời hạn gửi hồ sơ lên Bộ Nội vụ)"),
        "cstd_tq": ("31/12", f"{N152} (thời hạn gửi hồ sơ lên Bộ Nội vụ)"),
    },
}
# Packs that cite a rule giving priority to women among equal candidates (Decree 152/2025 Art 4.6).
# The 2019 and 2024 packs are left without one: no article of Decree 91/2017 or Decree 98/2023 was
# confirmed for it (an administrator who confirms one sets ``women_priority_article``).
WOMEN_PRIORITY = {PACK_2025: f"{N152}, Điều 4.6"}
# The dossier of a proposal (letter, achievement report, review minutes) under the 2019 regime.
DOSSIER_2019 = f"{L03}; Nghị định 91/2017/NĐ-CP (hồ sơ đề nghị khen thưởng)"


def _entries(regime: str) -> list[dict]:
    """Entries of one regime: "2019" (Law 2003 + Decree 91/2017) or "2022" (Law 06/2022).
    ``pack_entries`` adds what differs between the two packs of the 2022 law."""
    old = regime == "2019"
    law = L03 if old else L22
    entries = [
        dict(
            award="ldtt",
            rule="rating_at_least",
            article=f"{law}, Điều 24",
            criteria_text="Hoàn thành tốt nhiệm vụ trở lên trong năm.",
            params={"min_rating": "HTT"},
            cash="0.3",
            council="",
        ),
        dict(
            award="cstdcs",
            rule="grassroots_fighter",
            article=f"{law}, Điều 23" + ("; Nghị định 91/2017/NĐ-CP, Điều 9.3" if old else ""),
            criteria_text=(
                "Đạt Lao động tiên tiến và có sáng kiến được công nhận cấp cơ sở (hoặc đề tài nghiên cứu được "
                "nghiệm thu). Số Chiến sĩ thi đua cơ sở không quá 15% số Lao động tiên tiến của đơn vị, tính cả "
                "những người được đề nghị cùng đợt; làm tròn xuống (tham số)."
                if old
                else "Đạt Lao động tiên tiến và hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận cấp cơ sở."
                " Không giới hạn tỉ lệ từ năm 2024."
            ),
            params={"min_rating": "HTXS", "initiative_scope": "grassroots"}
            | (
                {
                    "excellence": "initiative",
                    "cap_ratio": "3/20",
                    "cap_rounding": "floor",
                    "cap_article": "Nghị định 91/2017/NĐ-CP, Điều 9.3",
                }
                if old
                else {}
            ),
            cash="1.0",
            council="4/5",
        ),
        dict(
            award="cstd_tinh",
            rule="titles_with_initiative",
            article=f"{law}, Điều 22",
            criteria_text="3 lần liên tục đạt Chiến sĩ thi đua cơ sở và có sáng kiến có phạm vi ảnh hưởng trong tỉnh.",
            params={
                "title": "cstdcs",
                "title_name": "Chiến sĩ thi đua cơ sở",
                "times": 3,
                "cycle": 1,
                "initiative_scope": "provincial",
            },
            cash="3.0",
            council="9/10",
        ),
        dict(
            award="cstd_tq",
            rule="titles_with_initiative",
            article=f"{law}, Điều 21",
            criteria_text="2 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh và có sáng kiến có phạm vi ảnh hưởng toàn quốc.",
            params={
                "title": ["cstd_tinh", "cstd_bo"],
                "title_name": "Chiến sĩ thi đua cấp bộ, ngành, tỉnh",
                "times": 2,
                "cycle": 3,
                "initiative_scope": "national",
            },
            cash="4.5",
            council="9/10",
        ),
        dict(
            award="giay_khen_cn",
            rule="rating_at_least",
            article=f"{law}, quy định về Giấy khen",
            criteria_text="Hoàn thành tốt nhiệm vụ trở lên; thủ trưởng đơn vị đánh giá thành tích.",
            params={"min_rating": "HTT"},
            cash="0.3",
            council="",
        ),
        dict(
            award="bk_tinh_cn",
            rule="individual_certificate",
            article=f"{L03}, Điều 72" if old else f"{L22}, Điều 74.1.d",
            criteria_text="2 năm liên tục đạt Chiến sĩ thi đua cơ sở, hoặc 2 năm liên tục hoàn thành xuất sắc nhiệm vụ với 2 sáng kiến được công nhận.",
            params={"consecutive": 2, "title": "cstdcs", "initiatives": 2},
            cash="1.0" if old else "1.5",
            council="",
        ),
        dict(
            award="bk_ttg_cn",
            rule="sustained_individual",
            article=f"{L03}, Điều 71" if old else f"{L22}, Điều 73.1.b",
            criteria_text="Đã được tặng Bằng khen cấp tỉnh, sau đó 5 năm liên tục hoàn thành tốt nhiệm vụ trở lên, trong đó có 3 lần Chiến sĩ thi đua cơ sở.",
            params={
                "prerequisite": BK_IND,
                "prerequisite_name": "Bằng khen cấp bộ, ngành, tỉnh",
                "years": 5,
                "min_rating": "HTT",
                "title": "cstdcs",
                "title_times": 3,
            },
            cash="3.5",
            council="",
        ),
        dict(
            award="hcld3_cn",
            rule="sustained_individual",
            article=f"{law}, quy định về Huân chương Lao động hạng Ba" if old else f"{L22}, Điều 44.1.e",
            criteria_text="Đã được tặng Bằng khen của Thủ tướng, sau đó 5 năm liên tục hoàn thành tốt nhiệm vụ trở lên, có ít nhất 1 năm hoàn thành xuất sắc và 3 lần Chiến sĩ thi đua cơ sở.",
            params={
                "prerequisite": "bk_ttg_cn",
                "prerequisite_name": "Bằng khen của Thủ tướng",
                "years": 5,
                "min_rating": "HTT",
                "min_top": 1,
                "title": "cstdcs",
                "title_times": 3,
            },
            cash="4.5",
            council="",
        ),
        dict(
            award="ttldtt",
            rule="advanced_collective",
            article=f"{law}, Điều 28",
            criteria_text=(
                "Hoàn thành tốt nhiệm vụ trở lên; "
                + ("trên 50%" if old else "từ 70%")
                + " thành viên đạt Lao động tiên tiến; không có thành viên bị kỷ luật từ cảnh cáo trở lên."
            ),
            params={
                "min_rating": "HTT",
                "member_share": "1/2" if old else "7/10",
                "strict": old,
                "max_discipline_level": 2,
            },
            cash="0.8",
            council="",
        ),
        dict(
            award="ttldxs",
            rule="excellent_collective",
            article=f"{law}, Điều 27",
            criteria_text="Hoàn thành xuất sắc nhiệm vụ; 100% thành viên hoàn thành nhiệm vụ; từ 70% thành viên đạt Lao động tiên tiến; có thành viên đạt Chiến sĩ thi đua cơ sở."
            + (" Không có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên." if old else ""),
            params={"member_share": "7/10", "fighters": 1}
            | ({"max_discipline_level": 2, "fighter_excellence": "initiative"} if old else {}),
            cash="1.5",
            council="",
        ),
        dict(
            award="co_tinh",
            rule="bloc_leader_flag",
            article=f"{L03}, Điều 26; Nghị định 91/2017/NĐ-CP, Điều 12" if old else f"{L22}, Điều 26",
            criteria_text="Dẫn đầu khối, cụm thi đua do tỉnh tổ chức; hoàn thành vượt mức chỉ tiêu."
            if not old
            else "Được bình xét, so sánh trong các khối, cụm thi đua của tỉnh và dẫn đầu khối; hoàn thành vượt mức chỉ tiêu.",
            params={"min_rating": "HTXS", "require_lead": not old},
            cash="8.0",
            council="4/5",
        ),
        dict(
            award="co_cp",
            rule="bloc_leader_flag",
            article=f"{L03}, Điều 25; Nghị định 91/2017/NĐ-CP, Điều 11.1" if old else f"{L22}, Điều 25.1",
            criteria_text=(
                "Được chọn trong các tập thể đủ tiêu chuẩn Cờ thi đua cấp tỉnh (tối đa 20%)."
                if old
                else "Được chọn trong các tập thể dẫn đầu khối, cụm thi đua do tỉnh tổ chức (tối đa 20%); hoàn thành vượt mức chỉ tiêu."
            ),
            params={"min_rating": "HTXS", "require_lead": not old},
            cash="12.0",
            council="4/5",
        ),
        dict(
            award="giay_khen_tt",
            rule="rating_at_least",
            article=f"{law}, quy định về Giấy khen",
            criteria_text="Hoàn thành tốt nhiệm vụ trở lên; thủ trưởng đơn vị đánh giá thành tích.",
            params={"min_rating": "HTT"},
            cash="0.6",
            council="",
        ),
        dict(
            award="bk_tinh_tt",
            rule="collective_certificate",
            article=f"{L03}, Điều 72" if old else f"{L22}, Điều 74",
            criteria_text="2 năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc.",
            params={"consecutive": 2, "alt_title": "ttldxs"},
            cash="2.0" if old else "3.0",
            council="",
        ),
        dict(
            award="bk_ttg_tt",
            rule="sustained_collective",
            article=f"{L03}, Điều 71"
            if old
            else f"{L22}, Điều 73 (tiêu chuẩn tập thể theo thiết lập: Nghị định 65/2014, Điều 23.3.c)",
            criteria_text="Đã được tặng Bằng khen cấp tỉnh, sau đó 5 năm liên tục hoàn thành xuất sắc nhiệm vụ, có 1 lần Cờ thi đua cấp tỉnh (thiết lập).",
            params={
                "prerequisite": BK_COL,
                "prerequisite_name": "Bằng khen cấp bộ, ngành, tỉnh",
                "years": 5,
                "flags": FLAGS,
                "flag_times": 1,
            },
            cash="7.0",
            council="",
        ),
        dict(
            award="hcld3_tt",
            rule="sustained_collective",
            article=f"{law}, Điều 44 (tiêu chuẩn tập thể theo thiết lập)"
            if not old
            else f"{law}, quy định về Huân chương Lao động hạng Ba",
            criteria_text="Đã được tặng Bằng khen của Thủ tướng, sau đó 5 năm liên tục hoàn thành xuất sắc nhiệm vụ, có 2 lần được tặng cờ thi đua (thiết lập).",
            params={
                "prerequisite": "bk_ttg_tt",
                "prerequisite_name": "Bằng khen của Thủ tướng",
                "years": 5,
                "flags": FLAGS,
                "flag_times": 2,
            },
            cash="9.0",
            council="",
        ),
    ]
    return _regime_2019(entries) if old else entries


def _replace(entries: list[dict], award: str, **changes) -> None:
    entry = next(e for e in entries if e["award"] == award)
    entry.update(changes)


def _regime_2019(entries: list[dict]) -> list[dict]:
    """Law 2003 (amended 2013) and Decree 91/2017 as their own law, not a copy of 2022: where a
    rule of the regime is not confirmed the entry says so (``unconfirmed``) in every verdict."""
    _replace(
        entries,
        "bk_tinh_cn",
        rule="conditions",
        article=f"{L03}, Điều 72; {N91}, Điều 39.1.c",
        criteria_text="2 năm liên tục hoàn thành xuất sắc nhiệm vụ, trong thời gian đó có 2 sáng kiến được công nhận và áp dụng hiệu quả cấp cơ sở.",
        params={
            "all": [
                {"predicate": "rating", "min_rating": "HTXS", "years": 2},
                {"predicate": "initiatives", "count": 2, "scope": "grassroots", "years": 2},
            ],
            "unconfirmed": "Điều khoản của Nghị định 91/2017/NĐ-CP theo nguồn trích dẫn thứ cấp, chưa đối chiếu nguyên văn.",
        },
    )
    _replace(
        entries,
        "bk_ttg_cn",
        article=f"{L03}, Điều 71; {N91}, Điều 38.1.c",
        criteria_text="Đã được tặng Bằng khen cấp bộ, ngành, tỉnh, sau đó 5 năm liên tục hoàn thành xuất sắc nhiệm vụ, trong thời gian đó có 5 sáng kiến được công nhận cấp cơ sở.",
        params={
            "prerequisite": BK_IND,
            "prerequisite_name": "Bằng khen cấp bộ, ngành, tỉnh",
            "years": 5,
            "min_rating": "HTXS",
            "initiatives": 5,
            "initiative_scope": "grassroots",
        },
    )
    _replace(
        entries,
        "hcld3_cn",
        params={
            **next(e for e in entries if e["award"] == "hcld3_cn")["params"],
            "unconfirmed": "Tiêu chuẩn Huân chương Lao động hạng Ba cho cá nhân theo Luật 2003 chưa được xác nhận; tham số của mục này do tỉnh thiết lập.",
        },
    )
    _replace(
        entries,
        "hcld3_tt",
        article=f"{L03}, Điều 44.2",
        criteria_text="5 năm liên tục đạt Tập thể lao động xuất sắc, trong thời gian đó có 1 lần Cờ thi đua cấp bộ, ngành, tỉnh hoặc 1 Bằng khen của Thủ tướng Chính phủ.",
        params={
            "years": 5,
            "yearly_title": "ttldxs",
            "yearly_title_name": "Tập thể lao động xuất sắc",
            "flags": [*FLAGS, "bk_ttg_tt"],
            "flags_name": "Cờ thi đua cấp bộ, ngành, tỉnh hoặc Bằng khen của Thủ tướng",
            "flag_times": 1,
        },
    )
    _replace(
        entries,
        "bk_ttg_tt",
        params={
            **next(e for e in entries if e["award"] == "bk_ttg_tt")["params"],
            "unconfirmed": "Tiêu chuẩn Bằng khen của Thủ tướng cho tập thể theo Nghị định 91/2017/NĐ-CP chưa được xác nhận; tham số do tỉnh thiết lập.",
        },
    )
    return entries


# The other grounds of a certificate of merit besides its checkable multi-year one (Law 06/2022
# Art 74 for the province's, Art 73 for the Prime Minister's; Law 2003 Art 72 and 71 in 2019):
# outstanding achievement found by review in an emulation movement, contribution, extraordinary.
CERTIFICATE_GROUNDS = ["movement", "contribution", "extraordinary"]
GROUNDS_ARTICLES = {
    "2019": {"bk_tinh": f"{L03}, Điều 72", "bk_ttg": f"{L03}, Điều 71"},
    "2022": {"bk_tinh": f"{L22}, Điều 74", "bk_ttg": f"{L22}, Điều 73"},
}


def _with_grounds(entries: list[dict], regime: str) -> None:
    articles = GROUNDS_ARTICLES["2019" if regime == "2019" else "2022"]
    for e in entries:
        prefix = e["award"].rsplit("_", 1)[0]
        if prefix in articles:
            e["params"] = {
                **e["params"],
                "grounds": list(CERTIFICATE_GROUNDS),
                "grounds_article": articles[prefix],
            }


def set_certificate_grounds(RulePack, RuleEntry) -> None:
    """Migration 0009: the certificates' other grounds on the seed packs' entries (kept where an
    administrator set them already)."""
    for data in PACKS:
        pack = RulePack.objects.filter(code=data["code"]).first()
        if pack is None:
            continue
        for e in pack_entries(data["code"]):
            if "grounds" not in e["params"]:
                continue
            for row in RuleEntry.objects.filter(pack=pack, award__code=e["award"]):
                if "grounds" not in (row.params or {}):
                    row.params = {
                        **(row.params or {}),
                        "grounds": e["params"]["grounds"],
                        "grounds_article": e["params"]["grounds_article"],
                    }
                    row.save(update_fields=["params"])


def pack_entries(code: str) -> list[dict]:
    """The entries of a seed pack with every field (deadlines, the Council article per decree)."""
    data = next(p for p in PACKS if p["code"] == code)
    entries = _entries(data["regime"])
    _with_grounds(entries, data["regime"])
    for e in entries:
        council = e["council"]
        if not council:
            e["council_article"] = ""
        elif code == PACK_2024:
            e["council_article"] = COUNCIL_98
        elif code == PACK_2025:
            e["council_article"] = COUNCIL_152
        else:
            e["council_article"] = "Thiết lập của tỉnh"
        deadline, article = DEADLINES.get(code, {}).get(e["award"], ("", ""))
        e["deadline"], e["deadline_article"], e["deadline_years_after"] = deadline, article, 1
    return entries


PACKS = [
    dict(
        code="luat-2003-nd-91-2017",
        name="Luật TĐKT 2003 (sửa đổi 2013) và Nghị định 91/2017/NĐ-CP",
        legal_basis=f"{L03}; Nghị định 91/2017/NĐ-CP ngày 31/07/2017 quy định chi tiết thi hành.",
        effective_from=dt.date(2017, 10, 1),
        effective_to=dt.date(2023, 12, 31),
        regime="2019",
        params={
            "cash_article": "Nghị định 91/2017/NĐ-CP, Điều 68.2",
            "gov_flag_quota_basis": "provincial_flag_standard",
            "gov_flag_quota_article": "Nghị định 91/2017/NĐ-CP, Điều 11.1",
            "principles_article": f"{L03}; Nghị định 91/2017/NĐ-CP (nguyên tắc khen thưởng)",
            "dissolved_article": f"{L03}; Nghị định 91/2017/NĐ-CP (nguyên tắc khen thưởng)",
            "once_article": f"{L03}; Nghị định 91/2017/NĐ-CP (không khen thưởng nhiều lần, nhiều hình thức cho một thành tích)",
            "dossier_article": DOSSIER_2019,
        },
    ),
    dict(
        code="luat-06-2022-nd-98-2023",
        name="Luật TĐKT 2022 và Nghị định 98/2023/NĐ-CP",
        legal_basis=f"{L22}; Nghị định 98/2023/NĐ-CP quy định chi tiết thi hành.",
        effective_from=dt.date(2024, 1, 1),
        effective_to=dt.date(2025, 6, 30),
        regime="2022",
        params={
            "principles_article": f"{L22}; Nghị định 98/2023/NĐ-CP (nguyên tắc khen thưởng)",
            "dissolved_article": f"{L22}; Nghị định 98/2023/NĐ-CP (nguyên tắc khen thưởng)",
            "once_article": f"{N98}, Điều 30.9",
        },
    ),
    dict(
        code="luat-06-2022-nd-152-2025",
        name="Luật TĐKT 2022 và Nghị định 152/2025/NĐ-CP",
        legal_basis=f"{L22}; Nghị định 152/2025/NĐ-CP quy định chi tiết thi hành (thay Nghị định 98/2023/NĐ-CP).",
        effective_from=dt.date(2025, 7, 1),
        effective_to=None,
        regime="2022",
        params={
            "principles_article": f"{N152}, Điều 4",
            "cash_article": f"{N152}, Điều 49.2",
            "once_article": f"{N152} (thời gian đề nghị khen thưởng lần tiếp theo tính theo thời gian lập thành tích ghi trong quyết định khen thưởng lần trước)",
            "women_priority_article": WOMEN_PRIORITY[PACK_2025],
        },
    ),
]

BASE_SALARIES = [
    (dt.date(2018, 7, 1), 1_390_000, "Nghị định 72/2018/NĐ-CP"),
    (dt.date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    (dt.date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (dt.date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
    (dt.date(2026, 7, 1), 2_530_000, "Nghị định 161/2026/NĐ-CP"),
]


def install(Award, RulePack, RuleEntry, BaseSalary) -> None:
    """Create whatever is missing; never overwrites an administrator's edits."""
    awards = {}
    vertical = "authority_vertical" in {f.name for f in Award._meta.get_fields()}
    for code, name, kind, subject, authority, rank in CATALOGUE:
        defaults = {"name": name, "kind": kind, "subject": subject, "authority": authority, "rank": rank}
        if vertical:  # a field from migration 0008: the earlier migrations' model has not got it
            defaults["authority_vertical"] = AUTHORITY_VERTICAL.get(code, "")
        awards[code], _ = Award.objects.get_or_create(code=code, defaults=defaults)
    for data in PACKS:
        pack, created = RulePack.objects.get_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "legal_basis": data["legal_basis"],
                "effective_from": data["effective_from"],
                "effective_to": data["effective_to"],
                "params": data["params"],
            },
        )
        if not created:
            continue
        for e in pack_entries(data["code"]):
            RuleEntry.objects.create(pack=pack, award=awards[e["award"]], **_entry_fields(RuleEntry, e))
    for day, amount, ref in BASE_SALARIES:
        BaseSalary.objects.get_or_create(effective_from=day, defaults={"amount": amount, "legal_ref": ref})


def _entry_fields(RuleEntry, e: dict) -> dict:
    """A seed entry as model fields, limited to the fields the model has at this migration."""
    fields = {
        "rule": e["rule"],
        "article": e["article"],
        "criteria_text": e["criteria_text"],
        "params": e["params"],
        "cash_coefficient": Decimal(e["cash"]),
        "council_ratio": e["council"],
        "council_article": e["council_article"],
        "deadline": e["deadline"],
        "deadline_article": e["deadline_article"],
        "deadline_years_after": e["deadline_years_after"],
    }
    have = {f.name for f in RuleEntry._meta.get_fields()}
    return {k: v for k, v in fields.items() if k in have}


def refresh(Award, RulePack, RuleEntry) -> None:
    """Issue 13's legal corrections for databases seeded before them (migration 0006): the new
    catalogue awards, and the three seed packs' parameters and entries set to the reference
    (the seed packs are reference data; a pack an administrator made is never touched)."""
    awards = {}
    vertical = "authority_vertical" in {f.name for f in Award._meta.get_fields()}
    for code, name, kind, subject, authority, rank in CATALOGUE:
        defaults = {"name": name, "kind": kind, "subject": subject, "authority": authority, "rank": rank}
        if vertical:  # a field from migration 0008: the earlier migrations' model has not got it
            defaults["authority_vertical"] = AUTHORITY_VERTICAL.get(code, "")
        awards[code], _ = Award.objects.get_or_create(code=code, defaults=defaults)
    for data in PACKS:
        pack = RulePack.objects.filter(code=data["code"]).first()
        if pack is None:
            continue
        pack.params = {**(pack.params or {}), **data["params"]}
        pack.save(update_fields=["params"])
        for e in pack_entries(data["code"]):
            RuleEntry.objects.update_or_create(
                pack=pack, award=awards[e["award"]], defaults=_entry_fields(RuleEntry, e)
            )


def set_authority_vertical_and_women_priority(Award, RulePack) -> None:
    """Migration 0008: the vertical line's deciders on the seed awards (only where still blank,
    so an administrator's value is kept) and the women-priority article on the seed packs."""
    for code, authority in AUTHORITY_VERTICAL.items():
        Award.objects.filter(code=code, authority_vertical="").update(authority_vertical=authority)
    for code, article in WOMEN_PRIORITY.items():
        pack = RulePack.objects.filter(code=code).first()
        if pack is not None and not (pack.params or {}).get("women_priority_article"):
            pack.params = {**(pack.params or {}), "women_priority_article": article}
            pack.save(update_fields=["params"])
