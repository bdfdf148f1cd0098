"""The score sheet's Excel import holds every file to the shared reader's limits: crafted bombs
are refused with the reader's Vietnamese message and no score changes; the page and the API
refuse an oversized upload before reading it."""

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.tests.spreadsheet_files import REFUSALS, small_bombs
from thidua.scoring.models import Score

UNREADABLE = "Tệp không phải bảng tính Excel (.xlsx) đọc được."


def scores():
    return sorted(Score.objects.values_list("pk", "points", "explanation", "version"))


def test_every_bomb_is_refused_with_the_limit_and_no_score_changes(world, cur, client_for):
    before = scores()
    client = client_for("officer_a")
    url = f"/cham-diem/KNC/{cur.year}/don-vi/TAND/nhap-excel/"
    for name, data in small_bombs().items():
        page = client.post(url, {"file": SimpleUploadedFile("bom.xlsx", data)}, follow=True)
        assert (REFUSALS[name] or UNREADABLE) in page.content.decode(), name
    assert scores() == before


def test_the_page_and_the_api_refuse_an_oversized_upload_before_reading_it(world, cur, client_for, settings):
    before = scores()
    settings.THIDUA_SPREADSHEET_MAX_BYTES = 1024 * 1024
    content = b"x" * (1024 * 1024 + 1)
    client = client_for("officer_a")
    page = client.post(
        f"/cham-diem/KNC/{cur.year}/don-vi/TAND/nhap-excel/",
        {"file": SimpleUploadedFile("a.xlsx", content)},
        follow=True,
    )
    assert "Tệp quá lớn: tối đa 1 MB." in page.content.decode()
    api = client.post(
        f"/api/v1/scoring/KNC/{cur.year}/assessments/TAND/sheet.xlsx",
        {"file": SimpleUploadedFile("a.xlsx", content)},
    )
    assert api.status_code == 422 and api.json()["errors"]["file"] == ["Tệp quá lớn: tối đa 1 MB."]
    assert scores() == before
