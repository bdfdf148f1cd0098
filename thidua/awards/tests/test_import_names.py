"""Names, not codes (issue 19, item 5): the award-history template offers drop-down lists of
names, the import accepts those names (and still the codes), the catalogue leads with names."""

import io

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.awards import importer, services
from thidua.awards.choices import ImportStatus
from thidua.awards.models import Award, AwardRecord
from thidua.organisations.models import Unit


def import_rows(world, rows):
    wb = Workbook()
    ws = wb.active
    ws.append([label for _, label, _ in importer.COLUMNS])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    job = services.import_job_create(actor=world.provincial, filename="ten.xlsx", content=buf.getvalue())
    return services.import_job_run(job.pk) if job.status == ImportStatus.PENDING else job


def test_template_has_drop_down_lists_of_names_on_a_hidden_sheet(world):
    wb = load_workbook(io.BytesIO(importer.template_workbook()))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert "Đơn vị" in header and "Danh hiệu / hình thức khen thưởng" in header
    assert not any(h and h.startswith("Mã khen thưởng") for h in header)
    lists = wb[importer.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    unit_names = [r[0] for r in lists.iter_rows(min_row=2, values_only=True) if r[0]]
    award_names = [r[1] for r in lists.iter_rows(min_row=2, values_only=True) if r[1]]
    assert "Tòa án nhân dân tỉnh" in unit_names and "TAND" not in unit_names
    assert "Chiến sĩ thi đua cơ sở" in award_names and "cstdcs" not in award_names
    formulas = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    unit_col = ws.cell(row=1, column=header.index("Đơn vị") + 1).column_letter
    award_col = ws.cell(row=1, column=header.index("Danh hiệu / hình thức khen thưởng") + 1).column_letter
    assert formulas[f"'{importer.LISTS_SHEET}'!$A$2:$A${len(unit_names) + 1}"].startswith(f"{unit_col}2:")
    assert formulas[f"'{importer.LISTS_SHEET}'!$B$2:$B${len(award_names) + 1}"].startswith(f"{award_col}2:")
    assert any(f.startswith('"khen thưởng,') for f in formulas)  # record types as a list too


def test_the_template_itself_imports_with_its_names(world):
    job = services.import_job_create(
        actor=world.provincial, filename="mau.xlsx", content=importer.template_workbook()
    )
    job = services.import_job_run(job.pk) if job.status == ImportStatus.PENDING else job
    assert job.status == ImportStatus.SUCCEEDED, job.errors


def test_an_import_by_names_records_the_right_unit_and_award(world):
    job = import_rows(
        world,
        [
            [
                "khen thưởng",
                "Viện Kiểm sát nhân dân tỉnh",
                "",
                "",
                2013,
                "Bằng khen của Chủ tịch UBND tỉnh (tập thể)",
                "777/QĐ-UBND",
                "15/01/2014",
            ],
            # A unit by the name it bore in the year (before its 2025 rename), an award by code.
            [
                "khen thưởng",
                "Cục Thi hành án dân sự tỉnh",
                "",
                "",
                2014,
                "bk_tinh_tt",
                "778/QĐ-UBND",
                "15/01/2015",
            ],
        ],
    )
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    first = AwardRecord.objects.get(decision_number="777/QĐ-UBND")
    assert first.unit == Unit.objects.get(code="VKSND")
    assert first.award == Award.objects.get(code="bk_tinh_tt")
    assert AwardRecord.objects.get(decision_number="778/QĐ-UBND").unit.code == "THADS"


def test_an_unknown_name_is_refused_in_vietnamese(world):
    job = import_rows(
        world, [["khen thưởng", "Sở Không Có", "", "", 2014, "Chiến sĩ thi đua cơ sở", "1/QĐ", ""]]
    )
    assert job.status == ImportStatus.FAILED
    assert "Sở Không Có" in job.errors[0]["messages"][0]


def test_the_catalogue_leads_with_names(world, client_for):
    html = client_for("officer_a").get(reverse("awards:catalogue")).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in html
    assert "<code>cstdcs</code>" not in html and ">cstdcs<" not in html
    assert "<th>Mã</th>" not in html
