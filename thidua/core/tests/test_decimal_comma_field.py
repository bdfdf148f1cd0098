"""Numbers typed in the app accept a decimal comma ("0,2", "90,5") as well as a point, and are
shown with a comma."""

import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms

import thidua
from thidua.awards.forms import EntryForm
from thidua.core.forms import DecimalCommaField, StyledFormMixin, format_decimal, parse_decimal
from thidua.cycles.forms import TotalForm


class RatioForm(StyledFormMixin, forms.Form):
    ratio = DecimalCommaField(label="Tỉ lệ", min_value=0, max_value=Decimal("0.49"), decimal_places=2)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0,2", "0.2"), ("0.2", "0.2"), (" 0,25 ", "0.25"), ("0", "0"), ("0,49", "0.49")],
)
def test_comma_or_point(typed, value):
    form = RatioForm({"ratio": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ratio"] == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("hai", "“hai” không phải là số (ví dụ 90,5)."),
        ("1,2,3", "“1,2,3” không phải là số (ví dụ 90,5)."),
        ("NaN", "“NaN” không phải là số (ví dụ 90,5)."),
        ("0,5", "Giá trị không được vượt quá 0,49."),
        ("-0,1", "Giá trị phải từ 0 trở lên."),
        ("0,125", "Chỉ lấy tối đa 2 chữ số sau dấu phẩy."),
    ],
)
def test_vietnamese_messages_write_numbers_with_a_comma(typed, message):
    form = RatioForm({"ratio": typed})
    assert not form.is_valid()
    assert message in form.errors["ratio"]


def test_shown_with_a_comma_and_a_decimal_keyboard():
    html = str(RatioForm(initial={"ratio": 0.2})["ratio"])
    assert 'value="0,2"' in html and 'inputmode="decimal"' in html and 'type="text"' in html
    assert 'value="0,2"' in str(RatioForm({"ratio": "0,2"})["ratio"])  # as typed when redrawn


def test_parse_and_format():
    assert parse_decimal("90,5") == parse_decimal("90.5") == parse_decimal(90.5) == Decimal("90.5")
    assert format_decimal(Decimal("90.00")) == "90"
    assert format_decimal(0.825 * 100) == "82,5"
    assert format_decimal(1000) == "1000"
    for bad in ("", "x", "inf", True):
        with pytest.raises(ValueError):
            parse_decimal(bad)


def test_other_decimal_fields_accept_a_comma():
    """The rubric total and the award's cash coefficient, swapped to the shared field."""
    total = TotalForm({"total": "99,5"})
    assert total.is_valid() and total.cleaned_data["total"] == Decimal("99.5")
    entry = EntryForm(
        {
            "rule": "individual_certificate",
            "article": "Điều 74",
            "criteria_text": "…",
            "deadline_years_after": "1",
            "params": '{"consecutive": 2}',
            "cash_coefficient": "1,5",
            "enabled": "on",
        }
    )
    assert entry.is_valid(), entry.errors
    assert entry.cleaned_data["cash_coefficient"] == Decimal("1.5")


def test_no_form_asks_for_a_decimal_with_a_point_only():
    """Every declared decimal or float field of the app's forms is a DecimalCommaField."""
    offenders = []
    for module_info in pkgutil.walk_packages(thidua.__path__, "thidua."):
        leaf = module_info.name.rsplit(".", 1)[-1]
        if ".tests" in module_info.name or not leaf.startswith("forms"):
            continue
        module = importlib.import_module(module_info.name)
        for name, cls in vars(module).items():
            if (
                not (isinstance(cls, type) and issubclass(cls, forms.BaseForm))
                or cls.__module__ != module.__name__
            ):
                continue
            for field_name, field in cls.base_fields.items():
                if isinstance(field, forms.DecimalField | forms.FloatField) and not isinstance(
                    field, DecimalCommaField
                ):
                    offenders.append(f"{module.__name__}.{name}.{field_name}")
    assert offenders == []
