"""The launch journey in real Chromium: the Sở Nội vụ secretary prepares a fresh year (9 key
contents, a 100-point rubric with bonus and deduction items), launches it and downloads the
agreement; the Tòa án officer registers a movement with its slogan."""

import io

import pytest
from docx import Document

from thidua.cycles.selectors import current_rubric, stage_of
from thidua.organisations import services as org_services
from thidua.organisations.models import Bloc, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENTS = [
    "Hoàn thành xuất sắc các chỉ tiêu chuyên môn được giao",
    "Đẩy mạnh cải cách hành chính, chuyển đổi số",
    "Phòng, chống tham nhũng, lãng phí",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Xây dựng tổ chức đảng, đoàn thể trong sạch, vững mạnh",
    "Nhân rộng điển hình tiên tiến",
    "Thực hiện dân chủ cơ sở, văn hóa công sở",
    "Phối hợp giữa các cơ quan nội chính",
    "Thực hiện chế độ thông tin, báo cáo",
]
# kind, parent label prefix, code, title, points, key content labels
ITEMS = [
    ("group", None, "I", "Thực hiện nhiệm vụ chuyên môn", "60", []),
    ("criterion", "I.", "1", "Hoàn thành chỉ tiêu chuyên môn", "40", ["1."]),
    ("criterion", "I.", "2", "Cải cách hành chính, chuyển đổi số", "20", ["2.", "3."]),
    ("group", None, "II", "Xây dựng Đảng, đoàn thể, phong trào", "40", []),
    (
        "criterion",
        "II.",
        "3",
        "Học tập và làm theo Bác, xây dựng tổ chức vững mạnh",
        "25",
        ["4.", "5.", "7."],
    ),
    ("sub", "3.", "3.a", "Học tập và làm theo tư tưởng Hồ Chí Minh", "10", []),
    ("sub", "3.", "3.b", "Tổ chức đảng, đoàn thể vững mạnh", "15", []),
    ("criterion", "II.", "4", "Phong trào thi đua, phối hợp, báo cáo", "15", ["6.", "8.", "9."]),
    ("bonus", None, "C1", "Được tặng Cờ thi đua năm trước", "10", []),
    ("deduction", None, "T1", "Vi phạm bị cơ quan có thẩm quyền kết luận", "10", []),
]
SLOGAN = "Công tâm, trách nhiệm, xét xử đúng người, đúng tội, đúng pháp luật"


def _fresh_year(world):
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=["THADS", "TAND", "VKSND", "TTR", "CA", "BCHQS", "STP", "SNV"])
    }
    return org_services.bloc_year_create(
        actor=world.admin,
        bloc=Bloc.objects.get(code="KNC"),
        year=world.ctx["current_year"] + 1,
        units=list(units.values()),
        leader=units["SNV"],
        deputy=units["TAND"],
    )


def _option(page, select, prefix):
    labels = page.locator(f"{select} option").all_inner_texts()
    return next(label for label in labels if label.startswith(prefix))


def test_secretary_launches_a_year_and_an_officer_registers_a_movement(world, page, login, tmp_path):
    by = _fresh_year(world)
    base = f"/nam-thi-dua/KNC/{by.year}/"
    page.on("dialog", lambda dialog: dialog.accept())
    login("thukysnv")

    page.goto(base)
    assert "chưa có nội dung trọng tâm" in page.locator("#problems").inner_text()
    assert page.locator("#advance").is_disabled()
    page.shot("cycles-01-draft-problems")

    page.goto(base + "giao-uoc/")
    for text in CONTENTS:
        page.fill("#add-content #id_title", text)
        page.click("#add-content-btn")
        page.wait_for_load_state()
    assert page.locator("#content-list li").count() == 9
    page.fill("#id_signed_on", f"20/02/{by.year}")
    page.fill("#id_signed_place", "Hội trường Sở Nội vụ")
    with page.expect_navigation():
        page.click("#save-agreement")
    page.shot("cycles-02a-after-save")
    page.shot("cycles-02-agreement")

    page.goto(base + "quy-che/")
    page.fill("#id_text", "QUY CHẾ HOẠT ĐỘNG\nĐiều 1. Khối hoạt động theo nguyên tắc tự nguyện, công khai.")
    page.click("#save-regulations")
    page.wait_for_url(f"**{base}quy-che/")

    page.goto(base + "tieu-chi/")
    page.click("#start-rubric")
    page.wait_for_selector("#add-item")
    for kind, parent, code, title, points, contents in ITEMS:
        page.select_option("#id_kind", kind)
        if parent:
            page.select_option("#id_parent", label=_option(page, "#id_parent", parent))
        page.fill("#id_code", code)
        page.fill("#add-item #id_title", title)
        page.fill("#id_max_points", points)
        if contents:
            page.select_option(
                "#id_key_contents", label=[_option(page, "#id_key_contents", c) for c in contents]
            )
        page.click("#add-item-btn")
        page.wait_for_selector(f"#rubric-table tr[data-code='{code}']")
    assert page.locator("#rubric-valid").is_visible()
    assert page.locator("#leaf-total").inner_text() == "100"
    assert not page.locator("#unmapped").count()
    page.shot("cycles-03-rubric")

    page.goto(base)
    assert page.locator("#ready").is_visible()
    page.click("#advance")
    page.wait_for_url(f"**{base}")
    assert "Đã phát động" in page.locator("#stage-badge").inner_text()
    page.shot("cycles-04-launched")
    assert stage_of(by) == "launched" and current_rubric(by).is_frozen

    # Every final document names its signer (Decree 30; issue 14): with no head of the leading unit
    # recorded for the year, the download is refused with the reason, and works once it is.
    page.goto(base + "giao-uoc/")
    page.click("#download-agreement")
    page.wait_for_selector("text=Chưa có họ tên người ký")
    leader = by.members.get(unit=by.effective_leader)
    leader.head_name = "Nguyễn Văn Thủ"
    leader.save(update_fields=["head_name"])
    page.goto(base + "giao-uoc/")
    with page.expect_download() as info:
        page.click("#download-agreement")
    path = tmp_path / "giao-uoc.docx"
    info.value.save_as(path)
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "GIAO ƯỚC THI ĐUA" in text
    assert all(f"{i}. {c}" in text for i, c in enumerate(CONTENTS, start=1))

    page.goto(base + "tieu-chi/")
    assert page.locator("#frozen").is_visible() and not page.locator("#add-item").count()

    page.context.clear_cookies()
    login("canbotand")
    page.goto(base + "phong-trao/")
    page.fill("#id_title", SLOGAN)
    page.select_option("#id_kind", "regular")
    page.fill("#id_starts_on", f"01/01/{by.year}")
    page.fill("#id_ends_on", f"31/12/{by.year}")
    page.check("#movement-form input[name=programmes] >> nth=0")
    page.fill("#id_targets", "Giải quyết trên 95% số vụ án thụ lý")
    page.click("#register-movement")
    page.wait_for_url(f"**{base}phong-trao/")
    row = page.locator("#movement-table tr[data-unit=TAND]")
    assert SLOGAN in row.inner_text()
    page.shot("cycles-05-movement")
