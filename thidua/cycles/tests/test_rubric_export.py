"""The rubric's Excel export opens ready to use, and a title or guidance written like a formula
comes back from the round trip as the same text."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from thidua.cycles import official, selectors, services
from thidua.cycles.models import RubricItem
from thidua.cycles.rubric_excel import HEADERS
from thidua.cycles.tests.conftest import prepare
from thidua.documents.services import read_bytes

CAPS = [10, 10, 20, 70, 14, 12, 50, 16]


def test_rubric_export_is_ready_and_keeps_formula_like_text(world, draft_year):
    rubric = prepare(world.secretary, draft_year)
    item = RubricItem.objects.filter(rubric=rubric).order_by("position", "id").last()
    RubricItem.objects.filter(pk=item.pk).update(title="=1+1 đơn vị", guidance="-Chấm theo báo cáo")
    data = read_bytes(official.generate(actor=world.secretary, bloc_year=draft_year, kind="rubric_xlsx"))
    ws = load_workbook(io.BytesIO(data))["Tiêu chí"]
    assert [c.value for c in ws[1]] == HEADERS and all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:H{ws.max_row}"
    for col, cap in zip("ABCDEFGH", CAPS, strict=True):
        assert 0 < ws.column_dimensions[col].width <= cap
    assert all(ws.cell(row=r, column=5).data_type == "n" for r in range(2, ws.max_row + 1))
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == item.code)
    assert row[3].value == "=1+1 đơn vị" and row[3].data_type == "s" and row[3].quotePrefix
    before = services.rubric_rows(rubric)
    RubricItem.objects.filter(rubric=rubric).delete()
    services.rubric_import_xlsx(
        actor=world.secretary, rubric=rubric, upload=SimpleUploadedFile("t.xlsx", data)
    )
    assert services.rubric_rows(selectors.working_rubric(draft_year)) == before
