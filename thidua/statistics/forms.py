"""The rows and columns of the statutory forms, as data (not a Django forms module).

Forms 0601.N, 0602.N and 0603.N follow the appendix of Circular 02/2023/TT-BNV (Chế độ báo cáo
thống kê ngành Nội vụ) as the blank templates of lifephongphanmem/thiduakhenthuong print them
(resources/views/BaoCao/TT022023/Mau0601–0603.blade.php): the row codes are the printed "Mã số"
(0602.N goes 1, 2, 3, 6, 7…: codes 4 and 5 are not printed there and are kept absent here).
Where the template gives one column per award of a group ("Mỗi hình thức khen thưởng ghi riêng
một cột": orders, medals, honorary titles, other awards), ThiDua prints one column per group
and subject (collective / individual).

Forms 0604.N and 0605.N (the emulation organisation and its staff) were not found in any source
available to us: their layout below is ThiDua's, built from what the office maintains
(councils by level; staff by position, training and mode), and marked as such in
``legal_basis``.

``CHECKS`` lists, per form, every "total = sum of parts" rule the form defines, for rows and
columns; the engine fills totals by construction and the tests verify every rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from thidua.statistics.tables import Column, Row

CIRCULAR = "Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ trưởng Bộ Nội vụ"
CIRCULAR_NOTE = (
    "Thông tư số 18/2025/TT-BNV ngày 08/10/2025 quy định chế độ báo cáo thống kê ngành Nội vụ "
    "thay thế; chưa đối chiếu được phụ lục biểu mẫu của thông tư mới."
)


@dataclass(frozen=True)
class FormSpec:
    code: str
    title: str
    legal_basis: str
    unit: str  # the measure printed above the grid
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    # (total key, part keys): each total must equal the sum of its parts (rows, then columns)
    row_checks: tuple[tuple[str, tuple[str, ...]], ...] = ()
    column_checks: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _heading(key: str, label: str) -> Row:
    return Row(key=key, label=label, level=0, heading=True)


# ---------------------------------------------------------------- 0601.N
SCOPE_ROWS = ("scope_national", "scope_ministry_province", "scope_bloc", "scope_agency")
DURATION_ROWS = ("dur_lt1", "dur_1", "dur_1_3", "dur_3_5", "dur_ge5")
MODE_ROWS = ("mode_thematic", "mode_regular")
LEVEL_COLUMNS = ("central", "ministry_province", "agency")

F0601 = FormSpec(
    code="0601.N",
    title="Số phong trào thi đua",
    legal_basis=f"Biểu số 0601.N/BNV-TĐKT, {CIRCULAR}. {CIRCULAR_NOTE}",
    unit="Phong trào",
    rows=(
        Row("total", "Tổng số", code="01", total_of=SCOPE_ROWS),
        _heading("h_scope", "1. Chia theo phạm vi tổ chức thi đua"),
        Row("scope_national", "Toàn quốc", code="02", level=1),
        Row("scope_ministry_province", "Bộ, ban, ngành đoàn thể, địa phương", code="03", level=1),
        Row(
            "scope_bloc",
            "Cụm, khối thi đua do Hội đồng Thi đua – Khen thưởng các cấp tổ chức",
            code="04",
            level=1,
        ),
        Row("scope_agency", "Cơ quan, tổ chức, đơn vị", code="05", level=1),
        _heading("h_duration", "2. Chia theo thời hạn thi đua"),
        Row("dur_lt1", "Dưới 1 năm", code="06", level=1),
        Row("dur_1", "1 năm", code="07", level=1),
        Row("dur_1_3", "Từ 1 năm đến dưới 3 năm", code="08", level=1),
        Row("dur_3_5", "Từ 3 năm đến dưới 5 năm", code="09", level=1),
        Row("dur_ge5", "Từ 5 năm trở lên", code="10", level=1),
        _heading("h_mode", "3. Chia theo phương thức tổ chức phong trào thi đua"),
        Row("mode_thematic", "Thi đua theo chuyên đề", code="11", level=1),
        Row("mode_regular", "Thi đua thường xuyên hàng năm", code="12", level=1),
    ),
    columns=(
        Column("total", "Tổng số", unit="phong trào", total_of=LEVEL_COLUMNS),
        Column(
            "central",
            "Cấp Trung ương (Hội đồng Thi đua – Khen thưởng Trung ương)",
            group="Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
            unit="phong trào",
        ),
        Column(
            "ministry_province",
            "Cấp bộ, ban ngành đoàn thể trung ương, tỉnh, thành phố trực thuộc Trung ương",
            group="Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
            unit="phong trào",
        ),
        Column(
            "agency",
            "Cơ quan, tổ chức, đơn vị",
            group="Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
            unit="phong trào",
        ),
    ),
    row_checks=(("total", SCOPE_ROWS), ("total", DURATION_ROWS), ("total", MODE_ROWS)),
    column_checks=(("total", LEVEL_COLUMNS),),
)

# ---------------------------------------------------------------- 0602.N, 0603.N shared rows
CATEGORY_ROWS = (
    "cat_leader_central",
    "cat_leader_department",
    "cat_business",
    "cat_leader_other",
    "cat_worker",
)
OBJECT_ROWS = ("collective", "household", "individual")
METHOD_ROWS_0602 = (
    "method_merit",
    "method_thematic",
    "method_extraordinary",
    "method_foreign",
    "method_dedication",
    "method_seniority",
)
METHOD_ROWS_0603 = (*METHOD_ROWS_0602, "method_resistance")
PROPOSER_ROWS = ("proposer_ministry", "proposer_province")

CATEGORY_LABELS = {
    "cat_leader_central": "Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên",
    "cat_leader_department": "Lãnh đạo cấp vụ, sở, ngành và tương đương",
    "cat_business": "Doanh nhân",
    "cat_leader_other": "Các cấp lãnh đạo khác từ phó phòng trở lên",
    "cat_worker": (
        "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, nông dân, …)"
    ),
}
METHOD_LABELS = {
    "method_merit": "Thường xuyên",
    "method_thematic": "Chuyên đề",
    "method_extraordinary": "Đột xuất",
    "method_foreign": "Đối ngoại",
    "method_dedication": "Cống hiến",
    "method_seniority": "Niên hạn",
    "method_resistance": "Kháng chiến",
}


def _object_rows(first_code: int) -> tuple[Row, ...]:
    c = first_code
    rows = [
        Row("collective", "Tập thể", code=f"{c:02d}", level=1),
        Row("enterprise", "Trong đó: Doanh nghiệp", code=f"{c + 1:02d}", level=2),
        Row("household", "Hộ gia đình", code=f"{c + 2:02d}", level=1),
        Row("individual", "Cá nhân", code=f"{c + 3:02d}", level=1, total_of=CATEGORY_ROWS),
    ]
    for i, key in enumerate(CATEGORY_ROWS):
        rows.append(Row(key, CATEGORY_LABELS[key], code=f"{c + 4 + i:02d}", level=2))
    return tuple(rows)


def _method_rows(first_code: int, keys: tuple[str, ...]) -> tuple[Row, ...]:
    return tuple(
        Row(key, METHOD_LABELS[key], code=f"{first_code + i:02d}", level=1) for i, key in enumerate(keys)
    )


# ---------------------------------------------------------------- 0602.N
STATE_COLUMNS = (
    "orders_col",
    "orders_ind",
    "medals_col",
    "medals_ind",
    "hcm_prize",
    "state_prize",
    "honour_col",
    "honour_ind",
    "flag_gov",
    "bk_ttg_col",
    "bk_ttg_ind",
    "cstd_tq",
    "other_col",
    "other_ind",
)
G_ORDERS = "Các loại huân chương, huy chương"
G_HONOUR = "Danh hiệu vinh dự Nhà nước"
G_BK_TTG = "Bằng khen của Thủ tướng Chính phủ"
G_OTHER = "Các hình thức khen thưởng khác"

F0602 = FormSpec(
    code="0602.N",
    title="Số lượng khen thưởng cấp Nhà nước",
    legal_basis=f"Biểu số 0602.N/BNV-TĐKT, {CIRCULAR}. {CIRCULAR_NOTE}",
    unit="Lượt khen thưởng",
    rows=(
        Row("total", "Tổng số", code="01", total_of=OBJECT_ROWS),
        _heading("h_proposer", "1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng"),
        Row("proposer_ministry", "Bộ, ban, ngành, đoàn thể Trung ương", code="02", level=1),
        Row("proposer_province", "Tỉnh, thành phố trực thuộc Trung ương", code="03", level=1),
        _heading("h_object", "2. Chia theo đối tượng khen thưởng"),
        *_object_rows(6),
        _heading("h_method", "3. Chia theo phương thức khen thưởng"),
        *_method_rows(15, METHOD_ROWS_0602),
    ),
    columns=(
        Column("total", "Tổng số", unit="lượt", total_of=STATE_COLUMNS),
        Column("orders_col", "Huân chương – Tập thể", group=G_ORDERS, unit="lượt"),
        Column("orders_ind", "Huân chương – Cá nhân", group=G_ORDERS, unit="lượt"),
        Column("medals_col", "Huy chương – Tập thể", group=G_ORDERS, unit="lượt"),
        Column("medals_ind", "Huy chương – Cá nhân", group=G_ORDERS, unit="lượt"),
        Column("hcm_prize", "Giải thưởng Hồ Chí Minh", unit="lượt"),
        Column("state_prize", "Giải thưởng Nhà nước", unit="lượt"),
        Column("honour_col", "Danh hiệu vinh dự Nhà nước – Tập thể", group=G_HONOUR, unit="lượt"),
        Column("honour_ind", "Danh hiệu vinh dự Nhà nước – Cá nhân", group=G_HONOUR, unit="lượt"),
        Column("flag_gov", "Cờ thi đua của Chính phủ", unit="lượt"),
        Column("bk_ttg_col", "Tập thể", group=G_BK_TTG, unit="lượt"),
        Column("bk_ttg_ind", "Cá nhân", group=G_BK_TTG, unit="lượt"),
        Column("cstd_tq", "Danh hiệu “Chiến sĩ thi đua toàn quốc”", unit="lượt"),
        Column("other_col", "Tập thể", group=G_OTHER, unit="lượt"),
        Column("other_ind", "Cá nhân", group=G_OTHER, unit="lượt"),
    ),
    row_checks=(
        ("total", OBJECT_ROWS),
        ("total", PROPOSER_ROWS),
        ("total", METHOD_ROWS_0602),
        ("individual", CATEGORY_ROWS),
    ),
    column_checks=(("total", STATE_COLUMNS),),
)

# ---------------------------------------------------------------- 0603.N
PROVINCE_COLUMNS = ("bk", "cstd", "flag", "badge")
F0603 = FormSpec(
    code="0603.N",
    title="Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh, thành phố trực thuộc Trung ương",
    legal_basis=f"Biểu số 0603.N/BNV-TĐKT, {CIRCULAR}. {CIRCULAR_NOTE}",
    unit="Lượt khen thưởng",
    rows=(
        Row("total", "Tổng số", code="01", total_of=OBJECT_ROWS),
        _heading("h_object", "1. Chia theo đối tượng khen thưởng"),
        *_object_rows(2),
        _heading("h_method", "2. Chia theo phương thức khen thưởng"),
        *_method_rows(11, METHOD_ROWS_0603),
    ),
    columns=(
        Column("total", "Tổng số", unit="lượt", total_of=PROVINCE_COLUMNS),
        Column("bk", "Bằng khen", group="Chia ra", unit="lượt"),
        Column("cstd", "Chiến sĩ thi đua cấp bộ, cấp tỉnh", group="Chia ra", unit="lượt"),
        Column(
            "flag",
            "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
            group="Chia ra",
            unit="lượt",
        ),
        Column(
            "badge",
            "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố",
            group="Chia ra",
            unit="lượt",
        ),
    ),
    row_checks=(("total", OBJECT_ROWS), ("total", METHOD_ROWS_0603), ("individual", CATEGORY_ROWS)),
    column_checks=(("total", PROVINCE_COLUMNS),),
)

# ---------------------------------------------------------------- 0604.N (ThiDua's layout)
COUNCIL_ROWS = ("council_province", "council_department", "council_commune", "council_agency", "blocs")
F0604 = FormSpec(
    code="0604.N",
    title="Tổ chức bộ máy làm công tác thi đua, khen thưởng",
    legal_basis=(
        "Biểu số 0604.N/BNV-TĐKT theo danh mục biểu của Thông tư số 02/2023/TT-BNV; bố cục hàng, cột do "
        "ThiDua xây dựng từ dữ liệu Văn phòng quản lý (chưa đối chiếu được phụ lục). " + CIRCULAR_NOTE
    ),
    unit="Hội đồng; người",
    rows=(
        Row("total", "Tổng số", code="01", total_of=COUNCIL_ROWS),
        Row("council_province", "Hội đồng Thi đua – Khen thưởng cấp tỉnh", code="02", level=1),
        Row(
            "council_department",
            "Hội đồng Thi đua – Khen thưởng sở, ban, ngành, đoàn thể",
            code="03",
            level=1,
        ),
        Row("council_commune", "Hội đồng Thi đua – Khen thưởng cấp xã", code="04", level=1),
        Row("council_agency", "Hội đồng Thi đua – Khen thưởng cơ quan, tổ chức, đơn vị", code="05", level=1),
        Row("blocs", "Khối, cụm thi đua do Hội đồng Thi đua – Khen thưởng tỉnh tổ chức", code="06", level=1),
    ),
    columns=(
        Column("bodies", "Số hội đồng, khối, cụm", unit="đơn vị"),
        Column("members", "Số thành viên", unit="người"),
        Column("women", "Trong đó: nữ", unit="người"),
    ),
    row_checks=(("total", COUNCIL_ROWS),),
)

# ---------------------------------------------------------------- 0605.N (ThiDua's layout)
POSITION_ROWS = ("pos_leader", "pos_senior", "pos_specialist", "pos_other")
TRAINING_COLUMNS = ("tr_postgraduate", "tr_university", "tr_college", "tr_other")
MODE_COLUMNS = ("full_time", "part_time")
F0605 = FormSpec(
    code="0605.N",
    title="Số lượng người làm công tác thi đua, khen thưởng",
    legal_basis=(
        "Biểu số 0605.N/BNV-TĐKT theo danh mục biểu của Thông tư số 02/2023/TT-BNV; bố cục hàng, cột do "
        "ThiDua xây dựng từ dữ liệu Văn phòng quản lý (chưa đối chiếu được phụ lục). " + CIRCULAR_NOTE
    ),
    unit="Người",
    rows=(
        Row("total", "Tổng số", code="01", total_of=POSITION_ROWS),
        _heading("h_position", "Chia theo vị trí công tác"),
        Row("pos_leader", "Lãnh đạo (trưởng, phó ban/phòng)", code="02", level=1),
        Row("pos_senior", "Chuyên viên chính và tương đương trở lên", code="03", level=1),
        Row("pos_specialist", "Chuyên viên và tương đương", code="04", level=1),
        Row("pos_other", "Khác", code="05", level=1),
    ),
    columns=(
        Column("total", "Tổng số", unit="người", total_of=TRAINING_COLUMNS),
        Column("women", "Trong đó: nữ", unit="người"),
        Column("tr_postgraduate", "Sau đại học", group="Trình độ đào tạo", unit="người"),
        Column("tr_university", "Đại học", group="Trình độ đào tạo", unit="người"),
        Column("tr_college", "Cao đẳng, trung cấp", group="Trình độ đào tạo", unit="người"),
        Column("tr_other", "Khác", group="Trình độ đào tạo", unit="người"),
        Column("full_time", "Chuyên trách", group="Chế độ làm việc", unit="người"),
        Column("part_time", "Kiêm nhiệm", group="Chế độ làm việc", unit="người"),
        Column("trained", "Đã bồi dưỡng nghiệp vụ thi đua, khen thưởng", unit="người"),
    ),
    row_checks=(("total", POSITION_ROWS),),
    column_checks=(("total", TRAINING_COLUMNS), ("total", MODE_COLUMNS)),
)

FORMS: dict[str, FormSpec] = {f.code: f for f in (F0601, F0602, F0603, F0604, F0605)}
