"""The pages end to end: grid autosave with conflicts, evidence, Excel round trip, ranking."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from thidua.scoring.models import Assessment, Evidence, Score
from thidua.scoring.tests.conftest import PDF


def _save(client, w, item, points, version=0, explanation=""):
    return client.post(
        f"/cham-diem/KNC/{w.ctx['current_year']}/don-vi/TAND/luu/",
        {"item": item.pk, "points": points, "explanation": explanation, "version": version},
        HTTP_HX_REQUEST="true",
    )


def test_grid_autosave_shows_progress_and_conflicts(world, cur, client_for, leaf):
    client = client_for("officer_a")
    page = client.get(f"/cham-diem/KNC/{cur.year}/don-vi/TAND/")
    assert page.status_code == 200
    assert "Đã chấm <strong>2</strong>/9 tiêu chí" in page.content.decode()
    ok = _save(client, world, leaf("2.1"), "18,5", explanation="Đạt 98% chỉ tiêu")
    body = ok.content.decode()
    assert "Đã lưu" in body and 'hx-swap-oob="true"' in body and "<strong>3</strong>/9" in body
    assert Score.objects.get(assessment__unit__code="TAND", item=leaf("2.1")).points == Decimal("18.5")
    # A second writer still holding version 0 gets the conflict, not an overwrite.
    stale = _save(client, world, leaf("2.1"), "10")
    assert "vừa được" in stale.content.decode()
    assert Score.objects.get(assessment__unit__code="TAND", item=leaf("2.1")).points == Decimal("18.5")
    too_high = _save(client, world, leaf("2.2"), "99")
    assert "phải từ 0 đến 15" in too_high.content.decode()
    assert not Score.objects.filter(assessment__unit__code="TAND", item=leaf("2.2")).exists()


def test_evidence_upload_checks_content_and_download_is_private(
    world, cur, client_for, leaf, django_capture_on_commit_callbacks
):
    client = client_for("officer_a")
    url = f"/cham-diem/KNC/{cur.year}/don-vi/TAND/minh-chung/"
    fake = io.BytesIO(b"GIF89a not really")
    fake.name = "bao-cao.pdf"
    response = client.post(url, {"item": leaf("4.1").pk, "file": fake}, follow=True)
    assert "không phải loại được nhận" in response.content.decode()
    real = io.BytesIO(PDF)
    real.name = "bao-cao.pdf"
    with django_capture_on_commit_callbacks(execute=True):  # the file is moved into place at commit
        client.post(url, {"item": leaf("4.1").pk, "file": real})
    evidence = Evidence.objects.get(original_name="bao-cao.pdf")
    download = client.get(f"/cham-diem/minh-chung/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client_for("officer_b").get(f"/cham-diem/minh-chung/{evidence.pk}/").status_code == 404
    assert client_for("secretary").get(f"/cham-diem/minh-chung/{evidence.pk}/").status_code == 404


def test_excel_round_trip_is_all_or_nothing(world, cur, client_for, leaf):
    client = client_for("officer_a")
    base = f"/cham-diem/KNC/{cur.year}/don-vi/TAND/"
    sheet = client.get(base + "mau.xlsx")
    assert sheet.status_code == 200
    wb = load_workbook(io.BytesIO(sheet.content))
    ws = wb.active
    rows = {ws.cell(row=r, column=1).value: r for r in range(5, ws.max_row + 1)}
    assert ws.cell(row=rows["1.1.a"], column=5).value == 5  # prefilled with the draft
    for code, value in [("2.1", 17), ("2.2", 14), ("3.1", 9)]:
        ws.cell(row=rows[code], column=5, value=value)
    ws.cell(row=rows["2.3"], column=5, value=40)  # above its maximum of 15
    ws.cell(row=rows["II"], column=5, value=3)  # a group takes no score
    broken = io.BytesIO()
    wb.save(broken)
    broken.seek(0)
    broken.name = "diem.xlsx"
    response = client.post(base + "nhap-excel/", {"file": broken}, follow=True)
    text = response.content.decode()
    assert f"Dòng {rows['2.3']} (tiêu chí 2.3)" in text and f"Dòng {rows['II']} (tiêu chí II)" in text
    assert not Score.objects.filter(assessment__unit__code="TAND", item=leaf("2.1")).exists()
    ws.cell(row=rows["2.3"], column=5, value=12)
    ws.cell(row=rows["II"], column=5).value = None
    good = io.BytesIO()
    wb.save(good)
    good.seek(0)
    good.name = "diem.xlsx"
    response = client.post(base + "nhap-excel/", {"file": good}, follow=True)
    text = response.content.decode()
    assert "Đã nhập 4 dòng điểm" in text, text[text.find("alert") : text.find("alert") + 600]
    assert Score.objects.get(assessment__unit__code="TAND", item=leaf("2.3")).points == Decimal("12")


def test_another_units_sheet_is_refused_on_upload(world, cur, client_for):
    client = client_for("officer_b")
    sheet = client_for("officer_a").get(f"/cham-diem/KNC/{cur.year}/don-vi/TAND/mau.xlsx")
    upload = io.BytesIO(sheet.content)
    upload.name = "diem.xlsx"
    # officer_b cannot even reach TAND's import; its own import refuses TAND's file.
    own = client.post(f"/cham-diem/KNC/{cur.year}/don-vi/VKSND/nhap-excel/", {"file": upload}, follow=True)
    assert "của đơn vị “TAND”" in own.content.decode() or "không sửa được" in own.content.decode()


def test_ranking_page_explains_ties_and_marks_the_leader(world, client_for):
    response = client_for("officer_b").get("/cham-diem/KNC/2019/xep-hang/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Dẫn đầu khối" in text and "đồng hạng" in text
    assert "điểm các nội dung trọng tâm cao hơn" in text
    assert "chart-4.6.1.umd.min.js" in text and 'id="chart-totals"' in text
    table = client_for("officer_b").get("/cham-diem/KNC/2019/bang-diem.xlsx")
    wb = load_workbook(io.BytesIO(table.content))
    assert wb["Xếp hạng"].cell(row=4, column=2).value == "Sở Nội vụ"


def test_published_sheet_shows_reviewer_reason_to_every_member(world, client_for):
    text = client_for("officer_b").get("/cham-diem/KNC/2019/don-vi/TAND/").content.decode()
    assert "Chưa có số liệu phối hợp quý IV." in text
    history = client_for("officer_a").get("/cham-diem/KNC/2019/don-vi/TAND/lich-su/")
    assert history.status_code == 200


def test_api_ranking_returns_ties_and_explanations(world, client_for):
    data = client_for("council").get("/api/v1/scoring/KNC/2019/ranking").json()
    rows = {r["unit"]: r for r in data["rows"]}
    assert rows["SNV"]["rank"] == 1 and rows["SNV"]["leading"]
    assert rows["CA"]["tied"] and rows["CA"]["rank"] == rows["BCHQS"]["rank"]
    assert "nội dung trọng tâm" in rows["TAND"]["explanation"]
    assert data["tie_break_chain"][0].startswith("Điểm các nội dung trọng tâm")


def test_api_self_assessment_flow(world, cur, client_for, leaf):
    client = client_for("officer_a")
    url = f"/api/v1/scoring/KNC/{cur.year}/assessments/TAND"
    saved = client.put(url + "/scores/2.1", {"points": "19", "version": 0}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == 1
    conflict = client.put(
        url + "/scores/2.1", {"points": "18", "version": 0}, content_type="application/json"
    )
    assert conflict.status_code == 422 and "vừa được" in conflict.json()["detail"]
    missing = client.post(url + "/submit")
    assert missing.status_code == 422 and "Chưa chấm" in missing.json()["detail"]
    detail = client.get(url).json()
    assert detail["scored"] == 3 and detail["required"] == 9
    assert Assessment.objects.get(bloc_year=cur, unit__code="TAND").status == "draft"
