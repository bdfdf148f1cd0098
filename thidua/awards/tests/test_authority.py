"""Who decides an award by the unit's line of management (Law 06/2022 Art 79–80): a vertical
branch decides its grassroots titles and sector awards inside the branch, the province decides its
own awards for every unit proposing through it."""

import pytest
from django.core.exceptions import ValidationError

from thidua.awards import reference, services
from thidua.awards.authority import ARTICLE, Decider, deciding_authority, is_vertical
from thidua.awards.models import Award, RulePack
from thidua.core.models import AuditEvent
from thidua.organisations.models import Unit

LOCAL = Unit(code="SNV", name="Sở Nội vụ", parent_body="Ủy ban nhân dân tỉnh")
VERTICAL = Unit(code="TAND", name="Tòa án nhân dân tỉnh", parent_body="Tòa án nhân dân tối cao")


def award(code: str) -> Award:
    """The seed catalogue entry as reference data states it (no database)."""
    _code, name, kind, subject, authority, rank = next(a for a in reference.CATALOGUE if a[0] == code)
    return Award(
        code=code,
        name=name,
        kind=kind,
        subject=subject,
        authority=authority,
        authority_vertical=reference.AUTHORITY_VERTICAL.get(code, ""),
        rank=rank,
    )


# Law 06/2022 Art 79–80: pure function over the reference data -------------------------------------


def test_art_80_excellent_collective_is_decided_inside_the_branch_for_a_vertical_unit():
    local, vertical = (
        deciding_authority(award=award("ttldxs"), unit=LOCAL),
        deciding_authority(award=award("ttldxs"), unit=VERTICAL),
    )
    assert local == Decider("provincial_chairman", "Chủ tịch UBND tỉnh", "địa phương", ARTICLE)
    assert vertical == Decider("minister", "Thủ trưởng Tòa án nhân dân tối cao", "ngành dọc", ARTICLE)
    assert local != vertical


def test_art_79_80_provincial_certificate_is_decided_by_the_provincial_chairman_for_both_lines():
    for code in ("bk_tinh_tt", "bk_tinh_cn", "co_tinh", "cstd_tinh"):
        local = deciding_authority(award=award(code), unit=LOCAL)
        assert local == deciding_authority(award=award(code), unit=VERTICAL)
        assert local.authority == "provincial_chairman" and local.line == "địa phương"
        assert local.article == "Luật Thi đua, khen thưởng 2022, Điều 79–80"


def test_art_79_central_awards_stay_with_the_prime_minister_and_the_president():
    assert deciding_authority(award=award("co_cp"), unit=VERTICAL).label == "Thủ tướng Chính phủ"
    assert deciding_authority(award=award("hcld3_tt"), unit=VERTICAL).label == "Chủ tịch nước"


def test_art_80_grassroots_titles_by_the_head_of_the_unit_on_its_own_line():
    for code in ("ldtt", "cstdcs", "ttldtt"):
        local = deciding_authority(award=award(code), unit=LOCAL)
        vertical = deciding_authority(award=award(code), unit=VERTICAL)
        assert local.authority == vertical.authority == "head_of_unit"
        assert (local.line, vertical.line) == ("địa phương", "ngành dọc")
        assert vertical.label == "Thủ trưởng cơ quan, đơn vị"


def test_sector_awards_name_the_head_of_the_units_ministry_or_sector():
    police = Unit(code="CA", name="Công an tỉnh", parent_body="Bộ Công an")
    decider = deciding_authority(award=award("co_bo"), unit=police)
    assert decider == Decider("minister", "Thủ trưởng Bộ Công an", "ngành dọc", ARTICLE)


def test_a_parent_body_that_is_the_local_government_is_not_a_vertical_line():
    for parent in ("Ủy ban nhân dân tỉnh", "UBND tỉnh", "Uỷ ban nhân dân huyện", "Tỉnh ủy", ""):
        assert not is_vertical(Unit(parent_body=parent)), parent
    for parent in (
        "Tổng cục Thi hành án dân sự – Bộ Tư pháp",
        "Viện Kiểm sát nhân dân tối cao",
        "Bộ Công an",
    ):
        assert is_vertical(Unit(parent_body=parent)), parent


def test_a_blank_vertical_authority_means_the_same_authority():
    a = Award(code="moi", authority="provincial_chairman", authority_vertical="")
    assert deciding_authority(award=a, unit=VERTICAL).authority == "provincial_chairman"


# Seed data and the migration ----------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_awards_carry_the_vertical_authority_and_the_migration_keeps_an_admins_value():
    assert Award.objects.get(code="ttldxs").authority_vertical == "minister"
    assert Award.objects.get(code="bk_tinh_tt").authority_vertical == ""
    Award.objects.filter(code="ttldxs").update(authority_vertical="")
    Award.objects.filter(code="cstdcs").update(authority_vertical="minister")  # an admin's choice
    reference.set_authority_vertical_and_women_priority(Award, RulePack)
    assert Award.objects.get(code="ttldxs").authority_vertical == "minister"
    assert Award.objects.get(code="cstdcs").authority_vertical == "minister"


@pytest.mark.django_db
def test_deciders_from_the_demo_units(world):
    tand, snv = Unit.objects.get(code="TAND"), Unit.objects.get(code="SNV")
    ttldxs = Award.objects.get(code="ttldxs")
    assert deciding_authority(award=ttldxs, unit=tand).label == "Thủ trưởng Tòa án nhân dân tối cao"
    assert deciding_authority(award=ttldxs, unit=snv).label == "Chủ tịch UBND tỉnh"


# The award create API, service and page -----------------------------------------------------------

BODY = {"code": "gk_nganh", "name": "Giấy khen ngành", "kind": "commendation", "subject": "collective"}


@pytest.mark.django_db
def test_api_creates_an_award_with_its_vertical_authority(world, client_for):
    r = client_for("provincial").post(
        "/api/v1/awards",
        {**BODY, "authority": "provincial_chairman", "authority_vertical": "minister"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["authority_vertical"] == "minister"
    created = Award.objects.get(code="gk_nganh")
    assert created.authority_vertical == "minister"
    assert AuditEvent.objects.filter(action="award.create").exists()
    listed = client_for("provincial").get("/api/v1/awards").json()
    assert next(a for a in listed if a["code"] == "ttldxs")["authority_vertical"] == "minister"


@pytest.mark.django_db
def test_api_refuses_a_vertical_authority_outside_the_choices_and_creates_nothing(world, client_for):
    events = AuditEvent.objects.count()
    r = client_for("provincial").post(
        "/api/v1/awards",
        {**BODY, "authority": "provincial_chairman", "authority_vertical": "chanh_an"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["detail"] == "Thẩm quyền quyết định đối với đơn vị ngành dọc không hợp lệ."
    assert not Award.objects.filter(code="gk_nganh").exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_service_refuses_a_bad_vertical_authority(world):
    with pytest.raises(ValidationError) as exc:
        services.award_create(actor=world.admin, **BODY, authority="head_of_unit", authority_vertical="xa")
    assert exc.value.message_dict == {
        "authority_vertical": ["Thẩm quyền quyết định đối với đơn vị ngành dọc không hợp lệ."]
    }
    assert not Award.objects.filter(code="gk_nganh").exists()


FORM = {**BODY, "authority": "provincial_chairman", "rank": "10", "default_nature": "merit"}


@pytest.mark.django_db
def test_page_creates_an_award_with_its_vertical_authority(world, client_for):
    r = client_for("provincial").post(
        "/khen-thuong/danh-muc/them/", {**FORM, "authority_vertical": "minister"}
    )
    assert r.status_code == 302
    assert Award.objects.get(code="gk_nganh").authority_vertical == "minister"
    page = client_for("provincial").get("/khen-thuong/danh-muc/").content.decode()
    assert "Đơn vị ngành dọc: Bộ trưởng, Thủ trưởng cơ quan ngang bộ" in page


@pytest.mark.django_db
def test_page_refuses_a_bad_vertical_authority_and_creates_nothing(world, client_for):
    r = client_for("provincial").post(
        "/khen-thuong/danh-muc/them/", {**FORM, "authority_vertical": "chanh_an"}
    )
    assert r.status_code == 200
    assert "Thẩm quyền quyết định đối với đơn vị ngành dọc không hợp lệ." in r.content.decode()
    assert not Award.objects.filter(code="gk_nganh").exists()
