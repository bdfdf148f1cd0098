import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.tests.factories import UserFactory
from thidua.cycles import selectors, services
from thidua.cycles.models import AgreementSignature, KeyContent, Movement, Programme
from thidua.cycles.tests.factories import MovementFactory
from thidua.organisations.models import BlocYear, Unit
from thidua.organisations.tests.factories import BlocYearFactory


def test_key_contents_keep_their_order(world, draft_year):
    made = [
        services.key_content_create(actor=world.secretary, bloc_year=draft_year, title=f"Nội dung {i}")
        for i in range(1, 4)
    ]
    services.key_content_move(actor=world.secretary, content=made[2], offset=-1)
    assert list(draft_year.key_contents.values_list("title", flat=True)) == [
        "Nội dung 1",
        "Nội dung 3",
        "Nội dung 2",
    ]
    services.key_content_delete(actor=world.secretary, content=made[0])
    assert list(draft_year.key_contents.values_list("position", "title")) == [
        (1, "Nội dung 3"),
        (2, "Nội dung 2"),
    ]
    with pytest.raises(ValidationError) as exc:
        services.key_content_create(actor=world.secretary, bloc_year=draft_year, title="  ")
    assert "không được để trống" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.key_content_create(actor=world.officer_a, bloc_year=draft_year, title="Của tôi")


def test_signatures_record_heads_and_scans(world, draft_year):
    tand = Unit.objects.get(code="TAND")
    sig = services.signature_update(
        actor=world.secretary,
        bloc_year=draft_year,
        unit=tand,
        head_name="Trần Thị Hòa",
        head_title="Chánh án",
        signed=True,
        signed_on=dt.date(draft_year.year, 2, 20),
        scan=SimpleUploadedFile("ky.pdf", b"%PDF-1.4"),
    )
    assert sig.signed and sig.scan_name == "ky.pdf"
    member = draft_year.members.get(unit=tand)
    assert (member.head_name, member.head_title) == ("Trần Thị Hòa", "Chánh án")
    with pytest.raises(ValidationError):
        services.signature_update(
            actor=world.secretary,
            bloc_year=draft_year,
            unit=tand,
            head_name="X",
            head_title="",
            signed=False,
            scan=SimpleUploadedFile("virus.exe", b"MZ"),
        )
    with pytest.raises(ValidationError):
        services.signature_update(
            actor=world.secretary, bloc_year=draft_year, unit=tand, head_name="", head_title="", signed=True
        )
    stc = Unit.objects.get(code="STC")
    with pytest.raises(ValidationError):
        services.signature_update(
            actor=world.secretary, bloc_year=draft_year, unit=stc, head_name="A", head_title="", signed=True
        )
    assert AgreementSignature.objects.filter(bloc_year=draft_year).count() == 1


def test_regulations_upload_is_private_and_checked(
    world, draft_year, client_for, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the file is moved into place at commit
        services.regulations_update(
            actor=world.secretary,
            bloc_year=draft_year,
            text="",
            upload=SimpleUploadedFile("Quy chế.pdf", b"%PDF-1.4 quy che"),
        )
    regs = selectors.regulations_of(draft_year)
    assert regs.is_present and str(settings.PRIVATE_STORAGE_ROOT) in regs.file.path
    url = f"/nam-thi-dua/KNC/{draft_year.year}/quy-che/tep/"
    assert client_for("officer_a").get(url).content == b"%PDF-1.4 quy che"
    assert client_for("editor").get(url).status_code == 404
    with pytest.raises(ValidationError) as exc:
        services.regulations_update(
            actor=world.secretary, bloc_year=draft_year, upload=SimpleUploadedFile("a.html", b"<script>")
        )
    assert "không hợp lệ" in exc.value.messages[0]


def test_a_unit_registers_and_edits_only_its_own_movements(db):
    officer_a = UserFactory(officer=True)
    by = BlocYearFactory(year=2019, members=[officer_a.unit])
    theirs = MovementFactory(bloc_year=by)  # another member's movement
    tand, vks = officer_a.unit, theirs.unit
    programme = Programme.objects.order_by("position").first()
    mine = services.movement_create(
        actor=officer_a,
        bloc_year=by,
        unit=tand,
        title="Tòa án thi đua xét xử nhanh, đúng pháp luật",
        kind="thematic",
        starts_on=dt.date(2019, 3, 1),
        ends_on=dt.date(2019, 6, 30),
        programmes=[programme],
        targets="Giải quyết 95% số vụ án",
    )
    assert mine.unit == tand and list(mine.programmes.all()) == [programme]
    with pytest.raises(PermissionDenied):
        services.movement_create(
            actor=officer_a, bloc_year=by, unit=vks, title="Không phải của tôi", kind="regular"
        )
    before = (theirs.title, theirs.targets)
    with pytest.raises(PermissionDenied) as exc:
        services.movement_update(actor=officer_a, movement=theirs, data={"title": "Sửa trộm"})
    assert "đơn vị mình" in str(exc.value)
    theirs.refresh_from_db()
    assert (theirs.title, theirs.targets) == before
    with pytest.raises(ValidationError) as exc:
        services.movement_update(
            actor=officer_a,
            movement=mine,
            data={"starts_on": dt.date(2019, 7, 1), "ends_on": dt.date(2019, 6, 1)},
        )
    assert "sau ngày bắt đầu" in exc.value.messages[0]


def test_movement_views_and_api_refuse_another_units_movement(world, client_for):
    by = BlocYear.objects.get(bloc__code="KNC", year=2019)
    theirs = Movement.objects.get(bloc_year=by, unit__code="VKSND")
    client = client_for("officer_a")
    assert client.get(f"/nam-thi-dua/KNC/2019/phong-trao/{theirs.pk}/sua/").status_code == 404
    response = client.patch(
        f"/api/v1/cycles/KNC/2019/movements/{theirs.pk}", {"title": "Sửa"}, content_type="application/json"
    )
    assert response.status_code == 403 and "đơn vị mình" in response.json()["detail"]
    page = client.get("/nam-thi-dua/KNC/2019/phong-trao/").content.decode()
    assert "Kỷ luật, kỷ cương, nêu gương, trách nhiệm" in page  # every unit's slogans are listed


def test_programme_catalogue_is_kept_by_the_office(world):
    assert Programme.objects.count() >= 3
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=world.secretary, name="Phong trào mới")
    p = services.programme_create(actor=world.provincial, name="Phong trào “Dân vận khéo”")
    services.programme_update(actor=world.provincial, programme=p, data={"is_active": False})
    p.refresh_from_db()
    assert not p.is_active


def test_api_builds_an_agreement_and_rubric(world, draft_year, client_for):
    client = client_for("secretary")
    base = f"/api/v1/cycles/KNC/{draft_year.year}"
    r = client.post(base + "/key-contents", {"title": "Hoàn thành chỉ tiêu"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["position"] == 1
    r = client.put(
        base + "/agreement",
        {"signed_on": f"{draft_year.year}-02-20", "signed_place": "Sở Nội vụ"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["contents_without_criterion"] == [1]
    r = client.post(
        base + "/rubric/items",
        {"kind": "criterion", "code": "1", "title": "Chỉ tiêu", "max_points": "100", "key_contents": [1]},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = client.post(
        base + "/rubric/items",
        {"kind": "deduction", "code": "T", "title": "Vi phạm", "max_points": "-1"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "không được âm" in r.json()["detail"]
    r = client.get(base + "/rubric")
    assert r.json()["problems"] == [] and r.json()["leaf_total"] == "100.00"
    r = client.put(base + "/regulations", {"text": "QUY CHẾ"}, content_type="application/json")
    assert r.status_code == 200
    r = client.post(base + "/transitions", {"action": "launch"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["to_stage"] == "launched"
    assert KeyContent.objects.filter(bloc_year=draft_year).count() == 1


def test_a_replaced_upload_is_removed_after_commit(world, draft_year, django_capture_on_commit_callbacks):
    services.regulations_update(
        actor=world.secretary, bloc_year=draft_year, upload=SimpleUploadedFile("v1.pdf", b"%PDF-1.4 v1")
    )
    old_path = selectors.regulations_of(draft_year).file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.regulations_update(
            actor=world.secretary, bloc_year=draft_year, upload=SimpleUploadedFile("v2.pdf", b"%PDF-1.4 v2")
        )
    regs = selectors.regulations_of(draft_year)
    assert regs.file_name == "v2.pdf" and regs.file.read() == b"%PDF-1.4 v2"
    import os

    assert not os.path.exists(old_path)
