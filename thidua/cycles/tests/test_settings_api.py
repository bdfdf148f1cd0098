"""The settings API keeps its codes and stored format for integrators; its OpenAPI schema gives
the Vietnamese meaning of every code."""

from thidua.organisations import bloc_settings


def test_api_accepts_codes_and_keeps_the_format(client_for, draft_year):
    """Codes in, codes out; a band's label may be left out (the rating's name is stored); bands
    out of order and unknown keys are refused with 422."""
    client = client_for("secretary")
    api = f"/api/v1/cycles/{draft_year.bloc.code}/{draft_year.year}/settings"
    response = client.put(
        api,
        {
            "tie_break": ["vote", "key_contents"],
            "bands": [{"code": "HTXS", "min_total": 95, "min_each_ratio": 0.9}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["tie_break"] == ["vote", "key_contents"]
    assert body["bands"] == [
        {"code": "HTXS", "label": "Hoàn thành xuất sắc nhiệm vụ", "min_total": 95.0, "min_each_ratio": 0.9}
    ]
    assert client.get(api).json() == body

    refused = client.put(
        api,
        {
            "bands": [
                {"code": "HT", "label": "", "min_total": 90, "min_each_ratio": 0.7},
                {"code": "HTT", "label": "", "min_total": 80, "min_each_ratio": 0.8},
            ]
        },
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == bloc_settings.BANDS_ORDER
    assert client.put(api, {"colour": "red"}, content_type="application/json").status_code == 422


def test_openapi_lists_the_meaning_of_every_code(client_for):
    """The schema's descriptions pair each code with the label the pages show."""
    schema = client_for("admin").get("/api/v1/openapi.json").json()["components"]["schemas"]
    tie_break = schema["SettingsIn"]["properties"]["tie_break"]["description"]
    for code, label in bloc_settings.TIE_BREAKS.items():
        assert f"`{code}`: {label}" in tie_break
    band_code = schema["BandSchema"]["properties"]["code"]["description"]
    assert "`HTXS`: Hoàn thành xuất sắc nhiệm vụ" in band_code
    assert (
        "`trimmed_mean`: Trung bình cắt bỏ cực trị"
        in schema["SettingsOut"]["properties"]["aggregation"]["description"]
    )
