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
]

L03 = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2013)"
L22 = "Luật Thi đua, khen thưởng 2022 (Luật 06/2022/QH15)"
COUNCIL_98 = "Nghị định 98/2023/NĐ-CP, Điều 30.7"
# The dossier of a proposal (letter, achievement report, review minutes) under the 2019 regime.
DOSSIER_2019 = f"{L03}; Nghị định 91/2017/NĐ-CP (hồ sơ đề nghị khen thưởng)"


def _entries(regime: str) -> list[dict]:
    """Entries of one regime: "2019" (Law 2003 + Decree 91/2017) or "2022" (Law 06/2022)."""
    old = regime == "2019"
    law = L03 if old else L22
    return [
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
            criteria_text="Đạt Lao động tiên tiến và hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận cấp cơ sở."
            + (
                " Số Chiến sĩ thi đua cơ sở không quá 15% số Lao động tiên tiến của đơn vị."
                if old
                else " Không giới hạn tỉ lệ từ năm 2024."
            ),
            params={"min_rating": "HTXS", "initiative_scope": "grassroots"}
            | ({"cap_ratio": "3/20", "cap_article": "Nghị định 91/2017/NĐ-CP, Điều 9.3"} if old else {}),
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
                "title": "cstd_tinh",
                "title_name": "Chiến sĩ thi đua cấp tỉnh",
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
                "prerequisite": "bk_tinh_cn",
                "prerequisite_name": "Bằng khen cấp tỉnh",
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
            criteria_text="Hoàn thành xuất sắc nhiệm vụ; 100% thành viên hoàn thành nhiệm vụ; từ 70% thành viên đạt Lao động tiên tiến; có thành viên đạt Chiến sĩ thi đua cơ sở.",
            params={"member_share": "7/10", "fighters": 1},
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
                "prerequisite": "bk_tinh_tt",
                "prerequisite_name": "Bằng khen cấp tỉnh",
                "years": 5,
                "flags": ["co_tinh", "co_cp"],
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
                "flags": ["co_tinh", "co_cp"],
                "flag_times": 2,
            },
            cash="9.0",
            council="",
        ),
    ]


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
        params={"principles_article": f"{L22}; Nghị định 98/2023/NĐ-CP (nguyên tắc khen thưởng)"},
    ),
    dict(
        code="luat-06-2022-nd-152-2025",
        name="Luật TĐKT 2022 và Nghị định 152/2025/NĐ-CP",
        legal_basis=f"{L22}; Nghị định 152/2025/NĐ-CP quy định chi tiết thi hành (thay Nghị định 98/2023/NĐ-CP).",
        effective_from=dt.date(2025, 7, 1),
        effective_to=None,
        regime="2022",
        params={"principles_article": "Nghị định 152/2025/NĐ-CP, Điều 4"},
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
    for code, name, kind, subject, authority, rank in CATALOGUE:
        awards[code], _ = Award.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "subject": subject, "authority": authority, "rank": rank},
        )
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
        for e in _entries(data["regime"]):
            RuleEntry.objects.create(
                pack=pack,
                award=awards[e["award"]],
                rule=e["rule"],
                article=e["article"],
                criteria_text=e["criteria_text"],
                params=e["params"],
                cash_coefficient=Decimal(e["cash"]),
                council_ratio=e["council"],
                council_article=COUNCIL_98
                if e["council"] and data["regime"] == "2022"
                else ("Thiết lập của tỉnh" if e["council"] else ""),
            )
    for day, amount, ref in BASE_SALARIES:
        BaseSalary.objects.get_or_create(effective_from=day, defaults={"amount": amount, "legal_ref": ref})
