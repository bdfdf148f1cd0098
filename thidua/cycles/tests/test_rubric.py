import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from thidua.cycles import official, rubric_rules, selectors, services
from thidua.cycles.models import Rubric, RubricItem
from thidua.cycles.rubric_excel import HEADERS
from thidua.cycles.tests.conftest import prepare, simple_rows
from thidua.documents.services import read_bytes

# Rules, by example and by property ---------------------------------------------------------------


def test_simple_tree_is_valid_and_mismatches_are_named():
    assert rubric_rules.problems(simple_rows(), Decimal(100)) == []
    problems = rubric_rules.problems(simple_rows(), Decimal(90))
    assert problems == ["Tổng điểm tối đa của các tiêu chí là 100, khác tổng điểm đã khai báo 90."]
    rows = simple_rows()
    rows[2]["max_points"] = Decimal(20)  # 1.1.a: the subs of 1.1 no longer add up to 50
    assert any("Tiêu chí 1.1" in p for p in rubric_rules.problems(rows, Decimal(100)))


def test_structure_rules():
    rows = [
        *simple_rows(),
        {"code": "X", "parent": "T1", "kind": "sub", "title": "x", "max_points": Decimal(0)},
    ]
    assert any("Mục X" in p for p in rubric_rules.problems(rows, Decimal(100)))
    rows = [*simple_rows(), {"code": "Y", "parent": "ZZ", "kind": "criterion", "title": "y", "max_points": 0}]
    assert any("không có mục cha" in p for p in rubric_rules.problems(rows, Decimal(100)))


points = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def trees(draw):
    """Random well-formed trees: groups of criteria, some split into sub-criteria, plus caps."""
    rows = []
    for g in range(draw(st.integers(0, 3))):
        rows.append({"code": f"G{g}", "parent": "", "kind": "group", "title": "g", "max_points": Decimal(0)})
        for c in range(draw(st.integers(1, 3))):
            code = f"G{g}.{c}"
            subs = draw(st.lists(points, max_size=3))
            rows.append(
                {
                    "code": code,
                    "parent": f"G{g}",
                    "kind": "criterion",
                    "title": "c",
                    "max_points": Decimal(0) if subs else draw(points),
                }
            )
            rows += [
                {"code": f"{code}.{i}", "parent": code, "kind": "sub", "title": "s", "max_points": p}
                for i, p in enumerate(subs)
            ]
    for c in range(draw(st.integers(0 if rows else 1, 3))):
        rows.append(
            {"code": f"C{c}", "parent": "", "kind": "criterion", "title": "c", "max_points": draw(points)}
        )
    for kind in ("bonus", "deduction"):
        rows += [
            {"code": f"{kind}{i}", "parent": "", "kind": kind, "title": "b", "max_points": p}
            for i, p in enumerate(draw(st.lists(points, max_size=2)))
        ]
    return rows


@settings(max_examples=150, deadline=None)
@given(rows=trees())
def test_a_tree_is_valid_exactly_when_its_leaves_add_up_to_the_total(rows):
    """Leaf maxima (criteria without subs, and subs) decide; bonus and deduction caps never count."""
    leaf_sum = sum(
        (
            r["max_points"]
            for r in rows
            if r["kind"] == "sub"
            or (r["kind"] == "criterion" and not any(x["parent"] == r["code"] for x in rows))
        ),
        Decimal(0),
    )
    assert rubric_rules.leaf_total(rows) == leaf_sum
    if leaf_sum > 0 and any(rubric_rules.leaves(rows)):
        assert rubric_rules.problems(rows, leaf_sum) == []
        assert rubric_rules.problems(rows, leaf_sum + 1) != []


@settings(max_examples=100, deadline=None)
@given(rows=trees(), data=st.data())
def test_duplicate_codes_and_negative_caps_are_always_refused(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1))
    duplicated = [*rows, dict(rows[index])]
    assert any("bị trùng" in p for p in rubric_rules.problems(duplicated, Decimal(100)))
    negative = [dict(r) for r in rows]
    negative[index]["max_points"] = -data.draw(st.decimals(min_value="0.01", max_value=50, places=2))
    assert any("không được âm" in p for p in rubric_rules.problems(negative, Decimal(100)))


# Editing, freezing, amendments -------------------------------------------------------------------


def test_editor_builds_a_rubric_and_refuses_bad_items(world, draft_year):
    rubric = services.rubric_for_editing(actor=world.secretary, bloc_year=draft_year)
    content = services.key_content_create(
        actor=world.secretary, bloc_year=draft_year, title="Chỉ tiêu chuyên môn"
    )
    group = services.rubric_item_create(
        actor=world.secretary, rubric=rubric, kind="group", code="I", title="Nhóm"
    )
    crit = services.rubric_item_create(
        actor=world.secretary,
        rubric=rubric,
        kind="criterion",
        code="1",
        title="Chỉ tiêu",
        parent=group,
        max_points="100",
        key_contents=[content],
    )
    assert selectors.rubric_problems(rubric) == []
    assert selectors.contents_without_criterion(draft_year, rubric) == []
    with pytest.raises(ValidationError) as exc:
        services.rubric_item_create(
            actor=world.secretary, rubric=rubric, kind="criterion", code="1", title="Trùng"
        )
    assert "đã có" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.rubric_item_create(
            actor=world.secretary, rubric=rubric, kind="bonus", code="C", title="C", max_points="-5"
        )
    with pytest.raises(ValidationError) as exc:
        services.rubric_item_create(actor=world.secretary, rubric=rubric, kind="sub", code="s", title="s")
    assert "không thể đặt ở cấp cao nhất" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.rubric_item_update(actor=world.officer_a, item=crit, data={"max_points": 5})
    assert RubricItem.objects.filter(rubric=rubric).count() == 2


def test_a_frozen_rubric_cannot_be_edited(world, draft_year):
    prepare(world.secretary, draft_year)
    services.year_advance(actor=world.secretary, bloc_year=draft_year, action="launch")
    rubric = selectors.current_rubric(draft_year)
    item = RubricItem.objects.get(rubric=rubric, code="2.1")
    before = list(RubricItem.objects.filter(rubric=rubric).values_list("code", "max_points"))
    attempts = [
        lambda: services.rubric_item_update(actor=world.secretary, item=item, data={"max_points": 1}),
        lambda: services.rubric_item_delete(actor=world.secretary, item=item),
        lambda: services.rubric_item_create(
            actor=world.secretary, rubric=rubric, kind="criterion", code="Z", title="Z"
        ),
        lambda: services.rubric_set_total(actor=world.secretary, rubric=rubric, total=90),
        lambda: services.rubric_copy_from(
            actor=world.secretary, rubric=rubric, source=Rubric.objects.filter(bloc_year__year=2019).first()
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert "đã khóa" in exc.value.messages[0]
    assert list(RubricItem.objects.filter(rubric=rubric).values_list("code", "max_points")) == before
    with pytest.raises(ValidationError):
        services.key_content_create(actor=world.secretary, bloc_year=draft_year, title="Nội dung thêm")


def test_an_amendment_is_a_new_version_with_a_reason_seen_by_members(world, draft_year, client_for):
    prepare(world.secretary, draft_year)
    services.year_advance(actor=world.secretary, bloc_year=draft_year, action="launch")
    with pytest.raises(ValidationError):
        services.rubric_amend(actor=world.secretary, bloc_year=draft_year, reason="")
    v2 = services.rubric_amend(
        actor=world.secretary, bloc_year=draft_year, reason="Tách tiêu chí chuyển đổi số"
    )
    assert v2.version == 2 and not v2.is_frozen
    assert selectors.current_rubric(draft_year).version == 1  # scoring still uses v1
    item = RubricItem.objects.get(rubric=v2, code="2.1")
    services.rubric_item_update(actor=world.secretary, item=item, data={"max_points": 40})
    with pytest.raises(ValidationError):
        services.rubric_publish(actor=world.secretary, rubric=v2)  # totals no longer add up
    services.rubric_item_create(
        actor=world.secretary,
        rubric=v2,
        kind="criterion",
        code="2.2",
        title="Chuyển đổi số",
        parent=item.parent,
        max_points=10,
    )
    services.rubric_publish(actor=world.secretary, rubric=v2)
    assert selectors.current_rubric(draft_year).version == 2
    assert [r.version for r in selectors.amendments(draft_year)] == [2]
    page = client_for("officer_a").get(f"/to-chuc/khoi/KNC/{draft_year.year}/").content.decode()
    assert "Tách tiêu chí chuyển đổi số" in page


def test_copy_from_an_earlier_year_keeps_codes_and_key_content_links(world, draft_year):
    for i in range(9):
        services.key_content_create(actor=world.secretary, bloc_year=draft_year, title=f"Nội dung {i + 1}")
    source = selectors.current_rubric(world.ctx["bloc"].years.get(year=2019))
    rubric = services.rubric_for_editing(actor=world.secretary, bloc_year=draft_year)
    services.rubric_copy_from(actor=world.secretary, rubric=rubric, source=source)
    copied = {i.code: i for i in RubricItem.objects.filter(rubric=rubric).prefetch_related("key_contents")}
    original = {i.code: i for i in RubricItem.objects.filter(rubric=source).prefetch_related("key_contents")}
    assert set(copied) == set(original)
    assert [k.position for k in copied["2.1"].key_contents.all()] == [1]
    assert copied["2.1"].key_contents.first().bloc_year_id == draft_year.pk
    assert selectors.rubric_problems(rubric) == []


# Excel -------------------------------------------------------------------------------------------


def _export(world, by):
    doc = official.generate(actor=world.secretary, bloc_year=by, kind="rubric_xlsx")
    return read_bytes(doc)


def test_excel_round_trip(world, draft_year):
    prepare(world.secretary, draft_year)
    data = _export(world, draft_year)
    wb = load_workbook(io.BytesIO(data))
    assert [c.value for c in wb["Tiêu chí"][1]] == HEADERS
    rubric = selectors.working_rubric(draft_year)
    before = services.rubric_rows(rubric)
    RubricItem.objects.filter(rubric=rubric).delete()
    services.rubric_import_xlsx(
        actor=world.secretary, rubric=rubric, upload=SimpleUploadedFile("t.xlsx", data)
    )
    assert services.rubric_rows(rubric) == before


def _sheet(rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiêu chí"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("tieu-chi.xlsx", out.getvalue())


def test_a_malformed_excel_is_refused_row_by_row_and_changes_nothing(world, draft_year):
    rubric = prepare(world.secretary, draft_year)
    before = services.rubric_rows(rubric)
    bad = _sheet(
        [
            ["I", "", "Nhóm", "Nhóm I", 50, "Không", "", ""],
            ["1", "I", "Tiêu chí", "Một", "mười", "Không", "", ""],
            ["1", "I", "Tiêu chí", "Trùng mã", 10, "Có", "", ""],
            ["2", "I", "Loại lạ", "Hai", -3, "Có lẽ", "", "12"],
            ["3", "ZZ", "Tiêu chí", "", 5, "", "", ""],
        ]
    )
    with pytest.raises(ValidationError) as exc:
        services.rubric_import_xlsx(actor=world.secretary, rubric=rubric, upload=bad)
    messages = exc.value.messages
    assert any(m.startswith("Dòng 3:") and "không phải số" in m for m in messages)
    assert any(m.startswith("Dòng 4:") and "trùng với dòng 3" in m for m in messages)
    line5 = next(m for m in messages if m.startswith("Dòng 5:"))
    assert "loại “Loại lạ”" in line5 and "không được âm" in line5 and "Có hoặc Không" in line5
    assert "nội dung trọng tâm số “12”" in line5
    assert any(m.startswith("Dòng 6:") and "thiếu nội dung" in m for m in messages)
    assert any("mục cha mã “ZZ”" in m for m in messages)
    assert services.rubric_rows(rubric) == before
    with pytest.raises(ValidationError) as exc:
        services.rubric_import_xlsx(
            actor=world.secretary, rubric=rubric, upload=SimpleUploadedFile("x.xlsx", b"not a workbook")
        )
    assert "không phải bảng tính Excel" in exc.value.messages[0]


def test_excel_whose_totals_do_not_add_up_is_refused(world, draft_year):
    rubric = prepare(world.secretary, draft_year)
    upload = _sheet([["1", "", "Tiêu chí", "Một", 60, "Không", "", ""]])
    wb_rows = services.rubric_rows(rubric)
    with pytest.raises(ValidationError) as exc:
        services.rubric_import_xlsx(actor=world.secretary, rubric=rubric, upload=upload)
    assert "khác tổng điểm đã khai báo 100" in exc.value.messages[0]
    assert services.rubric_rows(rubric) == wb_rows


def test_import_page_shows_row_errors(world, draft_year, client_for):
    prepare(world.secretary, draft_year)
    upload = _sheet([["1", "", "Tiêu chí", "Một", "abc", "Không", "", ""]])
    response = client_for("secretary").post(
        f"/nam-thi-dua/KNC/{draft_year.year}/tieu-chi/nhap-excel/", {"file": upload}, follow=True
    )
    assert "Dòng 2: điểm “abc” không phải số." in response.content.decode()
