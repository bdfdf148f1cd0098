"""The rubric's Excel import holds every file to the shared reader's limits: crafted bombs are
refused with the reader's Vietnamese message and the draft is left as it was; the page and the API
refuse an oversized upload before reading it."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.tests.spreadsheet_files import REFUSALS, small_bombs
from thidua.cycles import services
from thidua.cycles.rubric_excel import NOT_A_WORKBOOK
from thidua.cycles.tests.conftest import prepare


def test_every_bomb_is_refused_with_the_limit_and_changes_nothing(world, draft_year):
    rubric = prepare(world.secretary, draft_year)
    before = services.rubric_rows(rubric)
    for name, data in small_bombs().items():
        with pytest.raises(ValidationError) as exc:
            services.rubric_import_xlsx(
                actor=world.secretary, rubric=rubric, upload=SimpleUploadedFile("bom.xlsx", data)
            )
        assert exc.value.message_dict == {"file": [REFUSALS[name] or NOT_A_WORKBOOK]}, name
    assert services.rubric_rows(rubric) == before


def test_the_page_and_the_api_refuse_an_oversized_upload_before_reading_it(
    world, draft_year, client_for, settings
):
    rubric = prepare(world.secretary, draft_year)
    before = services.rubric_rows(rubric)
    settings.THIDUA_SPREADSHEET_MAX_BYTES = 1024 * 1024
    content = b"x" * (1024 * 1024 + 1)
    client = client_for("secretary")
    page = client.post(
        f"/nam-thi-dua/KNC/{draft_year.year}/tieu-chi/nhap-excel/",
        {"file": SimpleUploadedFile("a.xlsx", content)},
        follow=True,
    )
    assert "Tệp quá lớn: tối đa 1 MB." in page.content.decode()
    api = client.post(
        f"/api/v1/cycles/KNC/{draft_year.year}/rubric/import", {"file": SimpleUploadedFile("a.xlsx", content)}
    )
    assert api.status_code == 422 and api.json()["errors"]["file"] == ["Tệp quá lớn: tối đa 1 MB."]
    assert services.rubric_rows(rubric) == before
