"""The Excel export of the reports (openpyxl through the documents renderer)."""

from thidua.core.exports import Money
from thidua.documents.render import build_xlsx
from thidua.documents.spec import Sheet
from thidua.proposals import selectors


def reports_workbook(*, user) -> bytes:
    data = selectors.awards_report()
    by_status = selectors.proposals_by_status(user=user)
    cash = selectors.cash_per_year()
    sheets = [
        Sheet(
            title="Theo hình thức",
            headers=["Hình thức khen thưởng", "Số lượt"],
            rows=[list(r) for r in data["by_form"]],
            widths=[60, 12],
        ),
        Sheet(
            title="Theo năm",
            headers=["Năm", "Số lượt"],
            rows=[list(r) for r in data["by_year"]],
            widths=[10, 12],
        ),
        Sheet(
            title="Theo đơn vị",
            headers=["Đơn vị", "Số lượt"],
            rows=[list(r) for r in data["by_unit"]],
            widths=[60, 12],
        ),
        Sheet(
            title="Theo khối",
            headers=["Khối, cụm", "Số lượt"],
            rows=[list(r) for r in data["by_bloc"]],
            widths=[60, 12],
        ),
        Sheet(
            title="Đề nghị",
            headers=["Trạng thái", "Số đề nghị"],
            rows=[[label, n] for _, label, n in by_status],
            widths=[40, 12],
        ),
        Sheet(
            title="Tiền thưởng",
            headers=["Năm quyết định", "Tổng tiền thưởng", "Số đối tượng"],
            rows=[[year, Money(total), n] for year, total, n in cash],
            widths=[16, 20, 14],
        ),
    ]
    return build_xlsx(sheets)
