"""Issue 18 item 6, sane values: NUL and other control characters are refused everywhere text is
typed (400 with a Vietnamese page or JSON, nothing stored; forms and spreadsheet cells refuse them
too); decision dates are never in the future nor before 1945 and periods stay in a sane window;
text longer than its column is refused with its limit instead of being cut."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.accounts.tests.factories import UserFactory
from thidua.awards import services as award_services
from thidua.awards.choices import ImportStatus
from thidua.awards.models import Award, AwardRecord, SubjectFlag
from thidua.awards.tests.factories import SubjectFlagFactory
from thidua.awards.tests.test_import import GOOD, counts, run
from thidua.core import sane, text_guard
from thidua.core.spreadsheets import CellText, RowForm
from thidua.organisations.forms import PersonForm
from thidua.organisations.models import Person, Unit
from thidua.organisations.tests.factories import PersonFactory, UnitFactory
from thidua.proposals.forms import ExemplaryForm


def _award(code):
    return Award.objects.get(code=code)


# Control characters ---------------------------------------------------------------------------------


def test_a_nul_in_a_persons_name_is_refused_by_the_form_page_with_400(world, client_for):
    unit = Unit.objects.get(code="TAND")
    before = Person.objects.count()
    page = client_for("provincial").post(
        "/to-chuc/ca-nhan/them/",
        {"full_name": "Nguyễn\x00Văn A", "gender": "nam", "unit": unit.pk, "position": ""},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert text_guard.MESSAGE in text and "Không có thay đổi nào được ghi." in text
    assert Person.objects.count() == before


def test_a_nul_in_a_persons_name_is_refused_by_the_api_with_400_json(world, client_for):
    before = Person.objects.count()
    response = client_for("provincial").post(
        "/api/v1/people",
        {"full_name": "Nguyễn\x00Văn A", "gender": "nam", "unit": "TAND"},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == text_guard.MESSAGE and body["errors"] == {"full_name": [text_guard.MESSAGE]}
    assert Person.objects.count() == before


def test_control_characters_in_nested_json_and_in_the_query_string_are_refused(world, client_for):
    client = client_for("provincial")
    nested = client.post(
        "/api/v1/people",
        {"full_name": "A", "extra": [{"note": "x\x1by"}]},
        content_type="application/json",
    )
    assert nested.status_code == 400 and list(nested.json()["errors"]) == ["extra[0].note"]
    search = client.get("/to-chuc/ca-nhan/", {"q": "Ng\x00"})
    assert search.status_code == 400 and text_guard.MESSAGE in search.content.decode()


def test_tab_and_line_breaks_pass_the_guard(world, client_for):
    response = client_for("provincial").post(
        "/api/v1/people",
        {"full_name": "Trần\tVăn\r\nKiểm", "gender": "nam", "unit": "TAND"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Person.objects.get(pk=response.json()["id"]).full_name == "Trần Văn Kiểm"


def test_forms_and_spreadsheet_cells_refuse_control_characters_themselves(db):
    unit = UnitFactory()
    form = PersonForm({"full_name": "An\x07", "gender": "nam", "unit": unit.pk}, units=Unit.objects.all())
    assert not form.is_valid() and form.errors["full_name"] == [text_guard.MESSAGE]

    class Row(RowForm):
        name = CellText(required=False)

    row = Row({"name": "bad\x00cell"})
    assert row.messages() == [text_guard.MESSAGE]
    assert Row({"name": "ok\ttab\nline"}).is_valid()


@pytest.mark.parametrize("value", ["a\x00b", "a\x01", "\x1f", "\x7f", "x\x0by", "x\x0cy"])
def test_the_validator_refuses_every_c0_control_and_del(value):
    with pytest.raises(ValidationError):
        text_guard.no_control_characters(value)


def test_a_stored_control_character_never_makes_a_500(world, client_for):
    """Rows written before the guard (or by hand) still render: pages and the API answer 200."""
    person = PersonFactory(unit=Unit.objects.get(code="TAND"), full_name="Cũ\x01Tên")
    client = client_for("provincial")
    assert client.get(f"/to-chuc/ca-nhan/{person.pk}/").status_code == 200
    assert client.get(f"/api/v1/people/{person.pk}").status_code == 200
    assert client.get("/to-chuc/ca-nhan/").status_code == 200


# Dates and years ------------------------------------------------------------------------------------


def test_a_decision_dated_in_the_year_3000_or_before_1945_is_refused(world):
    provincial, unit = UserFactory(provincial=True), UnitFactory()
    for day, words in [(dt.date(3000, 1, 1), "ở tương lai"), (dt.date(1900, 1, 1), "trước 01/01/1945")]:
        with pytest.raises(ValidationError) as exc:
            award_services.award_record_create(
                actor=provincial,
                award=_award("co_tinh"),
                unit=unit,
                year=2021,
                decision_number="1/QĐ",
                decision_date=day,
            )
        assert words in exc.value.message_dict["decision_date"][0]
    assert not AwardRecord.objects.filter(unit=unit).exists()


def test_the_api_refuses_a_future_decision_with_422_naming_the_field(world, client_for):
    response = client_for("provincial").post(
        "/api/v1/award-records",
        {
            "award": "co_tinh",
            "year": 2021,
            "decision_number": "77/QĐ-SANE",
            "decision_date": "3000-01-01",
            "unit": "TAND",
        },
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert "ở tương lai" in response.json()["errors"]["decision_date"][0]
    assert not AwardRecord.objects.filter(decision_number="77/QĐ-SANE").exists()


def test_a_discipline_from_year_1000_to_3000_is_refused(world):
    provincial, unit = UserFactory(provincial=True), UnitFactory()
    kwargs = {"actor": provincial, "kind": "discipline", "unit": unit, "level": 1}
    with pytest.raises(ValidationError) as exc:
        award_services.flag_create(started_on=dt.date(1000, 1, 1), ended_on=dt.date(2020, 1, 1), **kwargs)
    assert "trước 01/01/1945" in exc.value.message_dict["started_on"][0]
    with pytest.raises(ValidationError) as exc:
        award_services.flag_create(started_on=dt.date(2020, 1, 1), ended_on=dt.date(3000, 1, 1), **kwargs)
    assert "Ngày kết thúc 01/01/3000 không hợp lệ" in exc.value.message_dict["ended_on"][0]
    assert not SubjectFlag.objects.filter(unit=unit).exists()
    flag = SubjectFlagFactory(investigation=True, started_on=dt.date(2024, 3, 1))
    with pytest.raises(ValidationError):
        award_services.flag_close(actor=provincial, flag=flag, ended_on=dt.date(3000, 1, 1))
    ok = award_services.flag_close(actor=provincial, flag=flag, ended_on=dt.date(2024, 10, 1))
    assert ok.ended_on == dt.date(2024, 10, 1)


def test_the_windows_are_the_documented_ones():
    today = sane.today()
    assert sane.past_date_problem(today, "Ngày") is None
    assert sane.past_date_problem(dt.date(1945, 1, 1), "Ngày") is None
    assert sane.past_date_problem(today + dt.timedelta(days=1), "Ngày")
    assert sane.period_end_problem(dt.date(today.year + 5, 12, 31), "Ngày") is None
    assert sane.period_end_problem(dt.date(today.year + 6, 1, 1), "Ngày")
    assert sane.year_problem(today.year + 1) is None and sane.year_problem(today.year + 2)
    assert sane.year_problem(1944)


# Lengths --------------------------------------------------------------------------------------------


def test_long_text_is_refused_with_its_limit_not_cut(world):
    provincial, unit = UserFactory(provincial=True), UnitFactory()
    with pytest.raises(ValidationError) as exc:
        award_services.award_record_create(
            actor=provincial,
            award=_award("co_tinh"),
            unit=unit,
            year=2021,
            decision_number="2/QĐ",
            decision_date=dt.date(2022, 1, 5),
            decided_by="x" * 256,
        )
    assert exc.value.message_dict["decided_by"] == [
        "Cơ quan quyết định dài quá: tối đa 255 ký tự (đang có 256)."
    ]
    with pytest.raises(ValidationError) as exc:
        award_services.award_record_create(
            actor=provincial,
            award=_award("co_tinh"),
            unit=unit,
            year=2021,
            decision_number="2" * 61,
            decision_date=dt.date(2022, 1, 5),
        )
    assert "tối đa 60 ký tự" in exc.value.message_dict["decision_number"][0]
    assert not AwardRecord.objects.filter(unit=unit).exists()


def test_an_exemplary_model_of_the_year_3000_is_refused_by_its_form(db):
    form = ExemplaryForm({"year": 3000})
    assert not form.is_valid()
    assert form.errors["year"] == [sane.year_problem(3000)]


def test_the_award_history_import_refuses_the_same_nonsense_row_by_row(world):
    rows = [
        *GOOD,
        "khen thưởng,TAND,,,2014,ttldxs,601/QĐ,15/01/3000,,,,,,,,,",  # decision in the year 3000
        "kỷ luật,VKSND,,Ngô Thị Yến,,,,,,,,,,01/02/1000,01/02/3000,khiển trách,",  # 1000 to 3000
        "khen thưởng,TAND,,,2014,ttldxs,602/QĐ,15/01/2015," + "x" * 256 + ",,,,,,,,",  # too long
        "khen thưởng,TAND,,,2014,ttldxs,603/QĐ,15/01/2015,,,,,,,,,ghi\x01chú",  # a control character
    ]
    before = counts()
    job = run(world, rows)
    assert job.status == ImportStatus.FAILED and counts() == before
    by_row = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert "Ngày quyết định 15/01/3000 ở tương lai" in by_row[8]
    assert "“Từ ngày” 01/02/1000 không hợp lệ" in by_row[9]
    assert "“Đến ngày” 01/02/3000 không hợp lệ" in by_row[9]
    assert "Cơ quan quyết định dài quá: tối đa 255 ký tự (đang có 256)." in by_row[10]
    assert text_guard.MESSAGE in by_row[11]


def test_registry_dates_years_and_lengths_are_checked_by_the_services(world, client_for):
    client = client_for("admin")
    future = client.post(
        "/api/v1/units",
        {"code": "SANE1", "name": "Đơn vị thử", "established_on": "3000-01-01"},
        content_type="application/json",
    )
    assert future.status_code == 422, future.content
    assert "ở tương lai" in future.json()["errors"]["established_on"][0]
    long_name = client.post(
        "/api/v1/people",
        {"full_name": "A" * 151, "gender": "nam", "unit": "TAND"},
        content_type="application/json",
    )
    assert long_name.status_code == 422
    # The API's input schema refuses it before the service (thidua/core/tests/test_api_lengths.py).
    assert long_name.json()["errors"]["full_name"] == ["Dài quá 150 ký tự."]
    assert not Unit.objects.filter(code="SANE1").exists()
    assert not Person.objects.filter(full_name="A" * 151).exists()


def test_calendar_dates_and_bloc_years_typed_in_forms_stay_plausible():
    import datetime as dt

    from django import forms as dj_forms

    from thidua.core import sane
    from thidua.organisations.forms import BlocYearForm
    from thidua.proposals.forms import RoundSettingsForm

    with pytest.raises(dj_forms.ValidationError, match="Hạn: mở hội nghị"):
        sane.period_date("Hạn: mở hội nghị")(dt.date(3000, 1, 1))
    sane.period_date("Hạn")(dt.date.today())  # a plausible day passes
    bloc_year = BlocYearForm(data={"year": "2200"})
    assert not bloc_year.is_valid() and "Năm thi đua 2200 không hợp lệ" in bloc_year.errors["year"][0]
    rounds = RoundSettingsForm(data={"bloc_deadline": "10/12/3000", "council_members": "15"})
    assert (
        not rounds.is_valid()
        and "Hạn khối nộp hồ sơ 10/12/3000 không hợp lệ" in rounds.errors["bloc_deadline"][0]
    )


def test_an_overlong_query_parameter_is_refused_with_400_naming_it(world, client_for):
    """A search or filter of a megabyte is not a search: 400 with the limit, page and API alike."""
    client = client_for("provincial")
    long = "Nguyễn" * 200  # 1,200 characters
    page = client.get("/to-chuc/ca-nhan/", {"q": long})
    assert page.status_code == 400
    assert "dài quá 500 ký tự" in page.content.decode()
    api = client.get("/api/v1/people", {"q": long})
    assert api.status_code == 400
    assert list(api.json()["errors"]) == ["q"]
    assert client.get("/to-chuc/ca-nhan/", {"q": "Nguyễn" * 80}).status_code == 200  # 480: fine
    assert client.get("/api/v1/people", {"q": "x" * 500}).status_code == 200
