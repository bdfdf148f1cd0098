"""The statistics engine on a hand-built data set where every cell's value is known.

Statistical year 2031 runs 01/12/2030–30/11/2031: a year in which the demo world (committed once
per test session as soon as a test loads it) has no record; the register of councils and staff is
emptied inside each test. The data set puts records on both boundaries,
a revoked award (revoked before and after 30/11), records the forms cannot classify (warnings)
and records outside every form. Each test compares the *whole* grid: a cell not listed must be 0.
"""

import datetime as dt

import pytest

from thidua.awards.choices import Authority, AwardKind, Nature, SubjectKind
from thidua.awards.models import Award, AwardRecord, Revocation
from thidua.awards.models.revocation import RevocationGround
from thidua.cycles.choices import LaunchLevel, MovementKind, MovementScope
from thidua.cycles.tests.factories import MovementFactory
from thidua.organisations.choices import PersonCategory, UnitKind
from thidua.organisations.tests.factories import BlocYearFactory, PersonFactory, UnitFactory
from thidua.statistics import engine
from thidua.statistics.forms import FORMS
from thidua.statistics.models import EmulationCouncil, EmulationStaff
from thidua.statistics.tables import FORM_CODES, FormResult, ReportingBody

D = dt.date
PROVINCE = ReportingBody(name="Sở Nội vụ tỉnh thử nghiệm")


def _award(code, subject, number, day, nature=Nature.MERIT):
    field = "person" if hasattr(subject, "full_name") else "unit"
    return AwardRecord.objects.create(
        award=Award.objects.get(code=code),
        year=day.year,
        decision_number=number,
        decision_date=day,
        decided_by="Cơ quan có thẩm quyền",
        nature=nature,
        **{field: subject},
    )


def _revoke(record, day):
    Revocation.objects.create(
        record=record,
        decision_number=f"R-{record.pk}",
        decision_date=day,
        decided_by="Chủ tịch nước",
        ground=RevocationGround.FRAUD,
        reason="Kê khai gian dối thành tích.",
    )


@pytest.fixture
def data(db):
    EmulationCouncil.objects.all().delete()  # the demo's register, if loaded (rolled back after)
    EmulationStaff.objects.all().delete()
    local = UnitFactory(code="L", name="Sở Địa phương", parent_body="Ủy ban nhân dân tỉnh")
    vertical = UnitFactory(
        code="V",
        name="Tòa án nhân dân khu vực thử nghiệm",
        parent_body="Tòa án nhân dân tối cao",
        kind=UnitKind.JUDICIAL,
    )
    ent = UnitFactory(code="E", name="Công ty cổ phần Thử nghiệm", kind=UnitKind.ENTERPRISE)
    hh = UnitFactory(code="H", name="Hộ ông Nguyễn Văn An", kind=UnitKind.HOUSEHOLD, parent_body="")
    p_lead = PersonFactory(unit=local, category=PersonCategory.LEADER_DEPARTMENT)
    p_work = PersonFactory(unit=vertical, category=PersonCategory.WORKER)
    p_none = PersonFactory(unit=local, category="")
    badge = Award.objects.create(
        code="knc_tinh",
        name="Kỷ niệm chương Vì sự nghiệp xây dựng tỉnh",
        kind=AwardKind.COMMENDATION,
        subject=SubjectKind.INDIVIDUAL,
        authority=Authority.PROVINCIAL_CHAIRMAN,
    )
    odd = Award.objects.create(
        code="tt_tieu_bieu",
        name="Tập thể tiêu biểu xuất sắc",
        kind=AwardKind.TITLE,
        subject=SubjectKind.COLLECTIVE,
        authority=Authority.PROVINCIAL_CHAIRMAN,
    )
    r = {}
    # 0602.N
    r[1] = _award("bk_ttg_tt", local, "1/QĐ-TTg", D(2030, 12, 1))  # first day of 2031
    r[2] = _award("bk_ttg_cn", p_work, "2/QĐ-TTg", D(2031, 11, 30), Nature.THEMATIC)  # last day
    r[3] = _award("hcld3_tt", ent, "3/QĐ-CTN", D(2031, 3, 10), Nature.EXTRAORDINARY)
    r[4] = _award("cstd_tq", p_lead, "4/QĐ-TTg", D(2031, 5, 5))
    r[5] = _award("co_cp", vertical, "5/QĐ-TTg", D(2030, 11, 30))  # last day of 2030
    r[6] = _award("bk_ttg_cn", p_none, "6/QĐ-TTg", D(2031, 2, 2))  # no category: warning
    r[7] = _award("bk_ttg_tt", hh, "7/QĐ-TTg", D(2031, 6, 1), Nature.FOREIGN)
    r[8] = _award("hcld3_cn", p_lead, "8/QĐ-CTN", D(2031, 7, 7), Nature.SENIORITY)
    _revoke(r[8], D(2031, 10, 1))  # revoked inside the year: not counted
    r[9] = _award("bk_ttg_tt", local, "9/QĐ-TTg", D(2031, 4, 4))
    _revoke(r[9], D(2031, 12, 15))  # revoked after 30/11: still counted in 2031
    r[10] = _award("hcld3_tt", local, "10/QĐ-CTN", D(2031, 1, 1), Nature.RESISTANCE)  # no such row in 0602
    # 0603.N
    r[11] = _award("bk_tinh_tt", local, "11/QĐ-UBND", D(2031, 1, 10))
    r[12] = _award("bk_tinh_cn", p_lead, "12/QĐ-UBND", D(2031, 8, 8), Nature.DEDICATION)
    r[13] = _award("co_tinh", vertical, "13/QĐ-UBND", D(2031, 2, 2))
    r[14] = _award("cstd_tinh", p_work, "14/QĐ-UBND", D(2031, 9, 9), Nature.RESISTANCE)
    r[15] = _award("bk_tinh_cn", p_work, "15/QĐ-UBND", D(2031, 12, 1))  # first day of 2032
    r[16] = _award("ttldxs", local, "16/QĐ-UBND", D(2031, 3, 3))  # in no form
    r[17] = _award(badge.code, p_lead, "17/QĐ-UBND", D(2031, 3, 3))
    r[18] = _award(odd.code, local, "18/QĐ-UBND", D(2031, 3, 4))  # no column: warning

    by = BlocYearFactory(year=2031, members=[local, vertical])
    m = {}

    def mv(key, kind, level, scope, starts, ends, unit=local):
        m[key] = MovementFactory(
            bloc_year=by,
            unit=unit,
            kind=kind,
            launch_level=level,
            scope=scope,
            starts_on=starts,
            ends_on=ends,
        )

    mv(1, MovementKind.REGULAR, LaunchLevel.AGENCY, MovementScope.AGENCY, D(2031, 1, 1), D(2031, 12, 31))
    mv(
        2,
        MovementKind.THEMATIC,
        LaunchLevel.MINISTRY_PROVINCE,
        MovementScope.MINISTRY_PROVINCE,
        D(2030, 12, 1),
        D(2031, 6, 30),
        unit=vertical,
    )
    mv(3, MovementKind.PHASE, LaunchLevel.CENTRAL, MovementScope.NATIONAL, D(2029, 6, 1), D(2030, 11, 30))
    mv(
        4,
        MovementKind.REGULAR,
        LaunchLevel.MINISTRY_PROVINCE,
        MovementScope.BLOC,
        D(2031, 11, 30),
        D(2036, 11, 29),
    )
    mv(5, MovementKind.THEMATIC, LaunchLevel.AGENCY, MovementScope.AGENCY, D(2030, 1, 1), D(2032, 3, 31))
    mv(6, MovementKind.REGULAR, LaunchLevel.AGENCY, MovementScope.AGENCY, D(2031, 1, 1), None)  # warning
    mv(7, MovementKind.PHASE, LaunchLevel.CENTRAL, MovementScope.NATIONAL, D(2029, 1, 1), D(2031, 12, 31))

    c = {
        1: EmulationCouncil.objects.create(
            name="Hội đồng TĐKT tỉnh",
            level="province",
            members=15,
            women_members=4,
            established_on=D(2020, 1, 1),
        ),
        2: EmulationCouncil.objects.create(
            name="Hội đồng TĐKT Sở Địa phương",
            level="department",
            unit=local,
            members=7,
            women_members=2,
            established_on=D(2031, 11, 30),
        ),
        3: EmulationCouncil.objects.create(
            name="Hội đồng TĐKT Công ty", level="agency", members=5, established_on=D(2031, 12, 1)
        ),
        4: EmulationCouncil.objects.create(
            name="Hội đồng TĐKT xã cũ",
            level="commune",
            members=9,
            established_on=D(2019, 1, 1),
            dissolved_on=D(2031, 6, 30),
        ),
    }
    s = {
        1: EmulationStaff.objects.create(
            full_name="Trần Thị Lan",
            is_female=True,
            unit=local,
            position="leader",
            training="university",
            mode="full_time",
            trained_in_emulation=True,
            started_on=D(2020, 1, 1),
        ),
        2: EmulationStaff.objects.create(
            full_name="Lê Văn Bình",
            position="specialist",
            training="postgraduate",
            mode="part_time",
            started_on=D(2031, 11, 30),
        ),
        3: EmulationStaff.objects.create(
            full_name="Phạm Văn Cường",
            position="specialist",
            training="university",
            started_on=D(2019, 1, 1),
            ended_on=D(2031, 6, 1),
        ),
        4: EmulationStaff.objects.create(
            full_name="Đỗ Thị Dung",
            is_female=True,
            position="senior",
            training="college",
            started_on=D(2031, 12, 1),
        ),
    }
    return {"r": r, "m": m, "c": c, "s": s, "local": local, "by": by}


def _cells(result: FormResult) -> dict:
    return {k: v for k, v in result.cells.items() if v}


def _grid(spec: dict[str, dict[str, int]]) -> dict:
    return {(row, col): v for row, cols in spec.items() for col, v in cols.items()}


def _check_totals(result: FormResult) -> None:
    spec = FORMS[result.code]
    rows = [r.key for r in result.rows if not r.heading]
    cols = [c.key for c in result.columns]
    for total, parts in spec.row_checks:
        for col in cols:
            assert result.value(total, col) == sum(result.value(p, col) for p in parts), (total, parts, col)
    for total, parts in spec.column_checks:
        for row in rows:
            assert result.value(row, total) == sum(result.value(row, p) for p in parts), (row, total, parts)
    for row in result.rows:
        if row.heading:
            assert not any(result.value(row.key, c) for c in cols)
    if "enterprise" in rows:
        for col in cols:
            assert result.value("enterprise", col) <= result.value("collective", col)


EXPECTED_0602_2031 = _grid(
    {
        "total": {"total": 6, "bk_ttg_col": 3, "bk_ttg_ind": 1, "orders_col": 1, "cstd_tq": 1},
        "collective": {"total": 3, "bk_ttg_col": 2, "orders_col": 1},
        "enterprise": {"total": 1, "orders_col": 1},
        "household": {"total": 1, "bk_ttg_col": 1},
        "individual": {"total": 2, "bk_ttg_ind": 1, "cstd_tq": 1},
        "cat_worker": {"total": 1, "bk_ttg_ind": 1},
        "cat_leader_department": {"total": 1, "cstd_tq": 1},
        "method_merit": {"total": 3, "bk_ttg_col": 2, "cstd_tq": 1},
        "method_thematic": {"total": 1, "bk_ttg_ind": 1},
        "method_extraordinary": {"total": 1, "orders_col": 1},
        "method_foreign": {"total": 1, "bk_ttg_col": 1},
        "proposer_province": {"total": 5, "bk_ttg_col": 3, "orders_col": 1, "cstd_tq": 1},
        "proposer_ministry": {"total": 1, "bk_ttg_ind": 1},
    }
)

EXPECTED_0603_2031 = _grid(
    {
        "total": {"total": 5, "bk": 2, "flag": 1, "cstd": 1, "badge": 1},
        "collective": {"total": 2, "bk": 1, "flag": 1},
        "individual": {"total": 3, "bk": 1, "cstd": 1, "badge": 1},
        "cat_leader_department": {"total": 2, "bk": 1, "badge": 1},
        "cat_worker": {"total": 1, "cstd": 1},
        "method_merit": {"total": 3, "bk": 1, "flag": 1, "badge": 1},
        "method_dedication": {"total": 1, "bk": 1},
        "method_resistance": {"total": 1, "cstd": 1},
    }
)

EXPECTED_0601_2031 = _grid(
    {
        "total": {"total": 5, "agency": 2, "ministry_province": 2, "central": 1},
        "scope_agency": {"total": 2, "agency": 2},
        "scope_ministry_province": {"total": 1, "ministry_province": 1},
        "scope_bloc": {"total": 1, "ministry_province": 1},
        "scope_national": {"total": 1, "central": 1},
        "dur_1": {"total": 1, "agency": 1},
        "dur_lt1": {"total": 1, "ministry_province": 1},
        "dur_ge5": {"total": 1, "ministry_province": 1},
        "dur_1_3": {"total": 1, "agency": 1},
        "dur_3_5": {"total": 1, "central": 1},
        "mode_regular": {"total": 2, "agency": 1, "ministry_province": 1},
        "mode_thematic": {"total": 3, "ministry_province": 1, "agency": 1, "central": 1},
    }
)

EXPECTED_0604_2031 = _grid(
    {
        "total": {"bodies": 3, "members": 24, "women": 6},
        "council_province": {"bodies": 1, "members": 15, "women": 4},
        "council_department": {"bodies": 1, "members": 7, "women": 2},
        "blocs": {"bodies": 1, "members": 2},
    }
)

EXPECTED_0605_2031 = _grid(
    {
        "total": {
            "total": 2,
            "women": 1,
            "tr_university": 1,
            "tr_postgraduate": 1,
            "full_time": 1,
            "part_time": 1,
            "trained": 1,
        },
        "pos_leader": {"total": 1, "women": 1, "tr_university": 1, "full_time": 1, "trained": 1},
        "pos_specialist": {"total": 1, "tr_postgraduate": 1, "part_time": 1},
    }
)


def test_0602_every_cell(data):
    result = engine.build("0602.N", year=2031, body=PROVINCE)
    assert (result.period_start, result.period_end) == (D(2030, 12, 1), D(2031, 11, 30))
    assert _cells(result) == EXPECTED_0602_2031
    _check_totals(result)


def test_0603_every_cell(data):
    result = engine.build("0603.N", year=2031, body=PROVINCE)
    assert _cells(result) == EXPECTED_0603_2031
    _check_totals(result)


def test_0601_every_cell(data):
    result = engine.build("0601.N", year=2031, body=PROVINCE)
    assert _cells(result) == EXPECTED_0601_2031
    _check_totals(result)


def test_0604_and_0605_every_cell(data):
    assert _cells(engine.build("0604.N", year=2031, body=PROVINCE)) == EXPECTED_0604_2031
    assert _cells(engine.build("0605.N", year=2031, body=PROVINCE)) == EXPECTED_0605_2031
    for code in ("0604.N", "0605.N"):
        _check_totals(engine.build(code, year=2031, body=PROVINCE))


def test_boundaries_fall_in_the_right_year(data):
    r, m = data["r"], data["m"]
    y2030 = engine.build("0602.N", year=2030, body=PROVINCE)
    # the Government flag of 30/11/2030 (a vertical unit: proposed by its ministry)
    assert _cells(y2030) == _grid(
        {
            "total": {"total": 1, "flag_gov": 1},
            "collective": {"total": 1, "flag_gov": 1},
            "method_merit": {"total": 1, "flag_gov": 1},
            "proposer_ministry": {"total": 1, "flag_gov": 1},
        }
    )
    y2032 = engine.build("0603.N", year=2032, body=PROVINCE)
    assert y2032.value("total", "total") == 1
    assert [
        x["id"] for x in engine.cell_records("0603.N", year=2032, body=PROVINCE, row="total", column="bk")
    ] == [r[15].pk]
    # movement 3 ended on 30/11/2030: in 2030, not in 2031
    assert engine.build("0601.N", year=2030, body=PROVINCE).value("scope_national", "central") == 2
    ids_2031 = {
        x["id"] for x in engine.cell_records("0601.N", year=2031, body=PROVINCE, row="total", column="total")
    }
    assert m[3].pk not in ids_2031 and m[4].pk in ids_2031 and m[2].pk in ids_2031


def test_revoked_awards(data):
    r = data["r"]
    ids = {
        x["id"] for x in engine.cell_records("0602.N", year=2031, body=PROVINCE, row="total", column="total")
    }
    assert r[8].pk not in ids  # revoked on 01/10/2031
    assert r[9].pk in ids  # revoked on 15/12/2031, after the period
    assert r[8].pk not in {w.record_id for w in engine.build("0602.N", year=2031, body=PROVINCE).warnings}


def test_cell_traceability(data):
    r, m = data["r"], data["m"]
    rows = engine.cell_records("0602.N", year=2031, body=PROVINCE, row="collective", column="bk_ttg_col")
    assert sorted(x["id"] for x in rows) == sorted([r[1].pk, r[9].pk])
    assert all(x["model"] == "awards.awardrecord" and x["url"] and x["date"] for x in rows)
    assert rows[0]["url"] == data["local"].get_absolute_url()
    # every non-empty cell lists exactly as many records as it counts
    for code in ("0601.N", "0602.N", "0603.N", "0605.N"):
        result = engine.build(code, year=2031, body=PROVINCE)
        for (row, col), value in _cells(result).items():
            assert len(engine.cell_records(code, year=2031, body=PROVINCE, row=row, column=col)) == value
    rows = engine.cell_records("0601.N", year=2031, body=PROVINCE, row="dur_1", column="total")
    assert [x["id"] for x in rows] == [m[1].pk]
    assert rows[0]["url"].endswith(f"/{data['by'].year}/phong-trao/")
    councils = engine.cell_records("0604.N", year=2031, body=PROVINCE, row="total", column="members")
    assert {x["model"] for x in councils} == {"statistics.emulationcouncil", "organisations.blocyear"}
    assert (
        len(engine.cell_records("0602.N", year=2031, body=PROVINCE, row="total", column="total", limit=2))
        == 2
    )


def test_unclassified_records_are_warnings(data):
    r, m = data["r"], data["m"]
    w0602 = engine.build("0602.N", year=2031, body=PROVINCE).warnings
    assert {(w.model, w.record_id) for w in w0602} == {
        ("awards.awardrecord", r[6].pk),
        ("awards.awardrecord", r[10].pk),
    }
    assert all(w.reason and w.label for w in w0602)
    assert [w.record_id for w in engine.build("0603.N", year=2031, body=PROVINCE).warnings] == [r[18].pk]
    w0601 = engine.build("0601.N", year=2031, body=PROVINCE).warnings
    assert [(w.model, w.record_id) for w in w0601] == [("cycles.movement", m[6].pk)]
    assert "ngày" in w0601[0].reason


def test_reporting_body_of_one_unit(data):
    local = data["local"]
    body = ReportingBody(name=local.name, unit_code=local.code)
    result = engine.build("0602.N", year=2031, body=body)
    # local's own: r1, r9 (collective), r4 (its person p_lead); r6 is its person without category
    assert result.value("total", "total") == 3
    assert {w.record_id for w in result.warnings} == {data["r"][6].pk, data["r"][10].pk}
    assert engine.build("0601.N", year=2031, body=body).value("total", "total") == 4  # not movement 2
    assert engine.build("0604.N", year=2031, body=body).value("total", "bodies") == 1
    assert engine.build("0605.N", year=2031, body=body).value("total", "total") == 1
    for code in FORM_CODES:
        _check_totals(engine.build(code, year=2031, body=body))


def test_a_year_without_data(data):
    for result in engine.build_all(year=1999, body=PROVINCE):
        assert result.is_empty() and not result.warnings
        assert result.rows and result.columns


def test_json_round_trip(data):
    result = engine.build("0602.N", year=2031, body=PROVINCE)
    again = FormResult.from_json(result.to_json())
    assert again.cells == {k: v for k, v in result.cells.items() if v}
    assert again.rows == result.rows and again.warnings == result.warnings


def test_bad_input(db):
    with pytest.raises(engine.StatisticsError, match="Không có biểu"):
        engine.build("0609.N", year=2031, body=PROVINCE)
    with pytest.raises(engine.StatisticsError, match="Năm thống kê"):
        engine.build("0601.N", year=1800, body=PROVINCE)
    with pytest.raises(engine.StatisticsError, match="Không tìm thấy đơn vị"):
        engine.build("0601.N", year=2031, body=ReportingBody(name="?", unit_code="KHONG-CO"))
    with pytest.raises(engine.StatisticsError, match="Ô thống kê"):
        engine.cell_records("0601.N", year=2031, body=PROVINCE, row="total", column="nope")


def test_reporting_bodies(db):
    UnitFactory(code="X1", name="Sở Xây dựng")
    UnitFactory(code="X2", name="Hộ bà Lê Thị Hoa", kind=UnitKind.HOUSEHOLD)
    UnitFactory(code="X3", name="Sở đã giải thể", dissolved=True)
    bodies = engine.reporting_bodies()
    assert bodies[0].unit_code == "" and bodies[0].receiver == "Bộ Nội vụ"
    codes = [b.unit_code for b in bodies[1:]]
    assert "X1" in codes and "X2" not in codes and "X3" not in codes
    assert all(b.receiver == bodies[0].name for b in bodies[1:])


def test_the_demo_world(world):
    """The seed world through the engine: people are classified except one (a warning), the
    2019 movements are the members' own, and the register demo fills 0604.N and 0605.N."""
    from thidua.statistics import demo

    demo.load(context={})
    body = engine.province_body()
    movements = engine.build("0601.N", year=2019, body=body)
    assert movements.value("scope_agency", "agency") == movements.value("total", "total") > 0
    assert engine.build("0604.N", year=2025, body=body).value("council_province", "members") == 17
    staff = engine.build("0605.N", year=2025, body=body)
    assert (
        staff.value("total", "total"),
        staff.value("total", "women"),
        staff.value("total", "part_time"),
    ) == (5, 3, 2)
    for code in FORM_CODES:
        for year in (2019, 2020, 2025):
            _check_totals(engine.build(code, year=year, body=body))
