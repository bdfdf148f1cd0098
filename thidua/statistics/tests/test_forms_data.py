"""The forms' rows and columns as data: printed codes as the Circular 02/2023 templates print
them, keys that match the choices the engine classifies by, and checks that name real keys."""

import datetime as dt

import pytest

from thidua.awards.choices import Nature
from thidua.awards.models import Award
from thidua.cycles.choices import LaunchLevel, MovementScope
from thidua.organisations.choices import PersonCategory
from thidua.statistics import engine
from thidua.statistics.forms import FORMS
from thidua.statistics.models.organisation import CouncilLevel, StaffPosition, StaffTraining
from thidua.statistics.tables import FORM_CODES


def _codes(code):
    return [r.code for r in FORMS[code].rows if not r.heading]


def test_every_form_is_defined():
    assert tuple(FORMS) == FORM_CODES
    for spec in FORMS.values():
        assert spec.title and spec.legal_basis and spec.unit
        assert "02/2023/TT-BNV" in spec.legal_basis and "18/2025/TT-BNV" in spec.legal_basis


@pytest.mark.parametrize("code", FORM_CODES)
def test_keys_unique_and_checks_consistent(code):
    spec = FORMS[code]
    rows = {r.key: r for r in spec.rows}
    cols = {c.key: c for c in spec.columns}
    assert len(rows) == len(spec.rows) and len(cols) == len(spec.columns)
    assert len(set(_codes(code))) == len(_codes(code))
    for r in spec.rows:
        assert set(r.total_of) <= set(rows)
        if r.heading:
            assert not r.code and not r.total_of
    for c in spec.columns:
        assert set(c.total_of) <= set(cols)
    for total, parts in spec.row_checks:
        assert total in rows and set(parts) <= set(rows)
    for total, parts in spec.column_checks:
        assert total in cols and set(parts) <= set(cols)
    # the total_of a row or column declares is one of the checks
    for r in spec.rows:
        if r.total_of:
            assert (r.key, r.total_of) in spec.row_checks
    for c in spec.columns:
        if c.total_of:
            assert (c.key, c.total_of) in spec.column_checks


def test_printed_codes_follow_the_templates():
    assert _codes("0601.N") == [f"{i:02d}" for i in range(1, 13)]
    assert _codes("0602.N") == ["01", "02", "03", *[f"{i:02d}" for i in range(6, 21)]]
    assert _codes("0603.N") == [f"{i:02d}" for i in range(1, 18)]
    assert len(FORMS["0602.N"].columns) == 15 and len(FORMS["0603.N"].columns) == 5


def test_keys_match_the_choices_the_engine_classifies_by():
    rows = {code: {r.key for r in FORMS[code].rows} for code in FORM_CODES}
    cols = {code: {c.key for c in FORMS[code].columns} for code in FORM_CODES}
    assert {f"scope_{v}" for v in MovementScope.values} <= rows["0601.N"]
    assert set(LaunchLevel.values) <= cols["0601.N"]
    for code in ("0602.N", "0603.N"):
        assert {f"cat_{v}" for v in PersonCategory.values} <= rows[code]
    methods = {f"method_{v}" for v in Nature.values}
    assert methods - rows["0602.N"] == {"method_resistance"}
    assert methods <= rows["0603.N"]
    assert {f"council_{v}" for v in CouncilLevel.values} <= rows["0604.N"]
    assert {f"pos_{v}" for v in StaffPosition.values} <= rows["0605.N"]
    assert {f"tr_{v}" for v in StaffTraining.values} <= cols["0605.N"]


@pytest.mark.django_db
def test_every_catalogue_award_has_a_known_place():
    placed = {}
    for award in Award.objects.all():
        where = engine.award_column(award)
        placed[award.code] = where
        if where is not None:
            code, column = where
            assert column in {c.key for c in FORMS[code].columns}, award.code
    assert placed["bk_ttg_cn"] == ("0602.N", "bk_ttg_ind")
    assert placed["co_tinh"] == ("0603.N", "flag")
    assert placed["ldtt"] is None and placed["ttldxs"] is None


def test_award_placement_by_name():
    def award(name, authority, subject="individual"):
        return Award(code="x", name=name, authority=authority, subject=subject)

    assert engine.award_column(award("Huân chương Độc lập hạng Ba", "president", "collective")) == (
        "0602.N",
        "orders_col",
    )
    assert engine.award_column(award("Huy chương Vì sự nghiệp", "president")) == ("0602.N", "medals_ind")
    assert engine.award_column(award("Nhà giáo Ưu tú", "president")) == ("0602.N", "honour_ind")
    assert engine.award_column(award("Danh hiệu khác", "prime_minister")) == ("0602.N", "other_ind")
    assert engine.award_column(award("Kỷ niệm chương của tỉnh", "provincial_chairman")) == ("0603.N", "badge")
    assert engine.award_column(award("Danh hiệu lạ", "minister")) == ("0603.N", engine.UNPLACED)
    assert engine.award_column(award("Giấy khen", "head_of_unit")) is None


@pytest.mark.parametrize(
    "starts, ends, band",
    [
        ((2025, 1, 1), (2025, 12, 30), "dur_lt1"),
        ((2025, 1, 1), (2025, 12, 31), "dur_1"),
        ((2024, 12, 1), (2025, 11, 30), "dur_1"),
        ((2025, 1, 1), (2026, 1, 1), "dur_1_3"),
        ((2025, 1, 1), (2027, 12, 30), "dur_1_3"),
        ((2025, 1, 1), (2027, 12, 31), "dur_3_5"),
        ((2025, 1, 1), (2029, 12, 30), "dur_3_5"),
        ((2025, 1, 1), (2029, 12, 31), "dur_ge5"),
        ((2024, 2, 29), (2025, 2, 27), "dur_1"),
    ],
)
def test_duration_bands(starts, ends, band):
    assert engine.duration_band(dt.date(*starts), dt.date(*ends)) == band
