"""The bloc settings page in plain Vietnamese: a band table edited as a formset, the tie-break
rules as an ordered list with ↑/↓, and decimal commas wherever a number is typed. The stored
format and the API's codes stay as they were."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.organisations import bloc_settings
from thidua.organisations.bloc_settings import get_settings


class _FormFields(HTMLParser):
    """What a browser would post from ``#settings-form`` with no button pressed: text boxes,
    hidden fields, ticked boxes and each select's chosen option (the <template> row left out)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.in_form = self.in_template = False
        self.select = None
        self.first_option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "settings-form":
            self.in_form = True
        if not self.in_form:
            return
        if tag == "template":
            self.in_template = True
        if self.in_template:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[a["name"]] = "on"
            elif a.get("type") != "submit":
                self.data[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self.select, self.first_option = a["name"], None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
                self.data.setdefault(self.select, self.first_option)
            if "selected" in a:
                self.data[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template = False
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def form_data(response) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.data


def tie_rows(data: dict) -> list[str]:
    """The rules in the order the page posts them."""
    count = int(data["tie-TOTAL_FORMS"])
    return [data[f"tie-{i}-rule"] for i in sorted(range(count), key=lambda i: int(data[f"tie-{i}-ORDER"]))]


def band_index(data: dict, code: str) -> int:
    return next(i for i in range(int(data["bands-TOTAL_FORMS"])) if data.get(f"bands-{i}-code") == code)


@pytest.fixture
def url(draft_year):
    return reverse("cycles:settings_edit", args=[draft_year.bloc.code, draft_year.year])


@pytest.fixture
def secretary(client_for):
    return client_for("secretary")


def test_page_shows_bands_and_tie_breaks_in_vietnamese(secretary, url):
    """Bands are rows with their Vietnamese names and numbers written with a comma; tie-break
    rules are listed by their meaning, never by their code; no JSON box is left."""
    response = secretary.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hoàn thành xuất sắc nhiệm vụ (HTXS)" in html
    assert "Điểm các nội dung trọng tâm của giao ước cao hơn" in html
    assert "JSON" not in html and "key_contents</" not in html
    data = form_data(response)
    assert data["trim_ratio"] == "0,2"
    assert [data[f"bands-{i}-code"] for i in range(3)] == ["HTXS", "HTT", "HT"]
    assert data[f"bands-{band_index(data, 'HTXS')}-min_each_percent"] == "85"
    assert tie_rows(data)[:3] == ["key_contents", "fewer_deductions", "vote"]
    assert "tie-3-used" not in data  # "bonus" and "women" are listed but not in use


def test_band_table_with_decimal_commas_saves(secretary, url, draft_year, world):
    """'90,5' and '82,5' are read as 90.5 and 82.5 %; the stored format is unchanged (codes,
    Vietnamese labels, ratios) and the change is audited."""
    data = form_data(secretary.get(url))
    top, good = band_index(data, "HTXS"), band_index(data, "HTT")
    data[f"bands-{top}-min_total"] = "90,5"
    data[f"bands-{good}-min_each_percent"] = "82,5"
    response = secretary.post(url, data)
    assert response.status_code == 302, response.content.decode()
    draft_year.refresh_from_db()
    assert draft_year.settings["bands"] == [
        {"code": "HTXS", "label": "Hoàn thành xuất sắc nhiệm vụ", "min_total": 90.5, "min_each_ratio": 0.85},
        {"code": "HTT", "label": "Hoàn thành tốt nhiệm vụ", "min_total": 80.0, "min_each_ratio": 0.825},
        {"code": "HT", "label": "Hoàn thành nhiệm vụ", "min_total": 70.0, "min_each_ratio": 0.7},
    ]
    assert AuditEvent.objects.filter(action="bloc_year.settings", object_id=str(draft_year.pk)).exists()
    again = form_data(secretary.get(url))
    assert again[f"bands-{band_index(again, 'HTXS')}-min_total"] == "90,5"
    assert again[f"bands-{band_index(again, 'HTT')}-min_each_percent"] == "82,5"


def test_bands_out_of_order_are_refused_and_nothing_changes(secretary, url, draft_year):
    """A lower rating asking for more points than a higher one is refused with a message naming
    both bands; the stored settings and the audit log stay as they were."""
    data = form_data(secretary.get(url))
    data[f"bands-{band_index(data, 'HTT')}-min_total"] = "92,5"
    response = secretary.post(url, data)
    assert response.status_code == 200
    expected = bloc_settings.BANDS_NOT_ASCENDING.format(
        higher="Hoàn thành xuất sắc nhiệm vụ (HTXS)",
        higher_min="90",
        lower="Hoàn thành tốt nhiệm vụ (HTT)",
        lower_min="92,5",
    )
    assert expected in response.content.decode()
    assert form_data(response)[f"bands-{band_index(data, 'HTT')}-min_total"] == "92,5"  # kept for correction
    draft_year.refresh_from_db()
    assert draft_year.settings == {}
    assert not AuditEvent.objects.filter(action="bloc_year.settings", object_id=str(draft_year.pk)).exists()


def test_a_repeated_band_is_refused(secretary, url, draft_year):
    """Two rows with the same rating are refused, naming it."""
    data = form_data(secretary.get(url))
    data[f"bands-{band_index(data, 'HT')}-code"] = "HTT"
    response = secretary.post(url, data)
    assert (
        bloc_settings.BAND_REPEATED.format(band="Hoàn thành tốt nhiệm vụ (HTT)") in response.content.decode()
    )
    draft_year.refresh_from_db()
    assert draft_year.settings == {}


def test_bands_are_removed_and_added_without_javascript(secretary, url, draft_year):
    """ "Xóa" drops a row on save; "Thêm mức xếp loại" redraws the page with a blank row and saves
    nothing; the filled row is saved in rating order whatever its place in the table."""
    data = form_data(secretary.get(url))
    data[f"bands-{band_index(data, 'HTXS')}-DELETE"] = "on"
    assert secretary.post(url, data).status_code == 302
    draft_year.refresh_from_db()
    assert [b["code"] for b in draft_year.settings["bands"]] == ["HTT", "HT"]

    data = form_data(secretary.get(url))
    assert data["bands-TOTAL_FORMS"] == "2"
    redrawn = secretary.post(url, {**data, "add_band": "1"})
    assert redrawn.status_code == 200
    data = form_data(redrawn)
    assert data["bands-TOTAL_FORMS"] == "3" and data["bands-2-code"] == ""
    draft_year.refresh_from_db()
    assert [b["code"] for b in draft_year.settings["bands"]] == ["HTT", "HT"]

    data.update({"bands-2-code": "HTXS", "bands-2-min_total": "95", "bands-2-min_each_percent": "90"})
    assert secretary.post(url, data).status_code == 302
    cfg = get_settings(draft_year.__class__.objects.get(pk=draft_year.pk))
    assert [(b.code, b.min_total, b.min_each_ratio) for b in cfg.bands] == [
        ("HTXS", 95, 0.9),
        ("HTT", 80, 0.8),
        ("HT", 70, 0.7),
    ]


def test_blank_added_row_is_ignored(secretary, url, draft_year):
    """An added row left empty does not stop the save."""
    data = form_data(secretary.get(url))
    data[f"bands-{band_index(data, 'HT')}-DELETE"] = "on"
    secretary.post(url, data)
    data = form_data(secretary.post(url, {**form_data(secretary.get(url)), "add_band": "1"}))
    data["provincial_flags"] = "3"
    assert secretary.post(url, data).status_code == 302
    draft_year.refresh_from_db()
    assert draft_year.settings["provincial_flags"] == 3
    assert [b["code"] for b in draft_year.settings["bands"]] == ["HTXS", "HTT"]


def test_tie_break_order_moves_up_and_down_then_saves(secretary, url, draft_year):
    """↑/↓ without JavaScript redraw the list in the new order (nothing saved yet); ticking and
    unticking chooses the rules in use; "Lưu" stores the codes in that order."""
    data = form_data(secretary.get(url))
    redrawn = secretary.post(url, {**data, "move": "vote:up"})
    assert redrawn.status_code == 200
    data = form_data(redrawn)
    assert tie_rows(data)[:3] == ["key_contents", "vote", "fewer_deductions"]
    html = redrawn.content.decode()
    assert html.index("Số phiếu bầu tại hội nghị") < html.index("Ít điểm trừ hơn")
    draft_year.refresh_from_db()
    assert draft_year.settings == {}

    data = form_data(secretary.post(url, {**data, "move": "key_contents:down"}))
    assert tie_rows(data)[:3] == ["vote", "key_contents", "fewer_deductions"]
    data = form_data(secretary.post(url, {**data, "move": "vote:up"}))  # already first: no change
    assert tie_rows(data)[:3] == ["vote", "key_contents", "fewer_deductions"]

    rows = tie_rows(data)
    index = {data[f"tie-{i}-rule"]: i for i in range(len(rows))}
    data.pop(f"tie-{index['fewer_deductions']}-used")
    data[f"tie-{index['women']}-used"] = "on"
    assert secretary.post(url, data).status_code == 302
    draft_year.refresh_from_db()
    assert draft_year.settings["tie_break"] == ["vote", "key_contents", "women"]
    assert tie_rows(form_data(secretary.get(url)))[:3] == ["vote", "key_contents", "women"]


def test_trim_ratio_accepts_a_decimal_comma(secretary, url, draft_year):
    """ "0,25" is the trimmed share 0.25; "0,5" and words are refused with Vietnamese messages."""
    data = form_data(secretary.get(url))
    data.update({"aggregation": "trimmed_mean", "trim_ratio": "0,25", "scoring_total": "1000"})
    data.update({f"bands-{band_index(data, c)}-min_total": v for c, v in [("HTXS", "900"), ("HTT", "800")]})
    data[f"bands-{band_index(data, 'HT')}-min_total"] = "700,5"
    assert secretary.post(url, data).status_code == 302
    draft_year.refresh_from_db()
    assert draft_year.settings["trim_ratio"] == 0.25
    assert draft_year.settings["scoring_total"] == 1000
    assert draft_year.settings["bands"][2]["min_total"] == 700.5

    data["trim_ratio"] = "0,5"
    response = secretary.post(url, data)
    assert "Giá trị không được vượt quá 0,49." in response.content.decode()
    data["trim_ratio"] = "hai mươi"
    assert "“hai mươi” không phải là số (ví dụ 90,5)." in secretary.post(url, data).content.decode()


def test_band_above_the_total_is_refused(secretary, url, draft_year):
    """Lowering the total below a band's minimum is refused, naming the band and the total."""
    data = form_data(secretary.get(url))
    data["scoring_total"] = "80"
    response = secretary.post(url, data)
    expected = bloc_settings.BAND_TOTAL_RANGE.format(band="Hoàn thành xuất sắc nhiệm vụ (HTXS)", total="80")
    assert expected in response.content.decode()
    draft_year.refresh_from_db()
    assert draft_year.settings == {}
