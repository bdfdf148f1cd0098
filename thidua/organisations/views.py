from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.core.alarms import recent_alarms
from thidua.core.hooks import call_hooks
from thidua.core.idempotency import REPLAYED_HEADER, idempotent, once
from thidua.core.panels import render_panels
from thidua.core.permissions import can_view_audit, get_visible_or_404, require
from thidua.core.text import sort_key
from thidua.core.todo import todo_for
from thidua.core.views_helpers import call_service, paginate, query_string_without_page
from thidua.organisations import handover, selectors, services
from thidua.organisations.access import bloc_year_for
from thidua.organisations.forms import (
    AddMembersForm,
    BlocForm,
    BlocYearForm,
    LeadershipForm,
    PersonForm,
    RemoveMemberForm,
    RotationForm,
    SecretaryForm,
    UnitDissolveForm,
    UnitForm,
    UnitRenameForm,
)
from thidua.organisations.models import Bloc, BlocYear, Person, Unit
from thidua.organisations.permissions import (
    can_edit_person,
    can_manage_bloc_year,
    can_manage_registry,
)


def _get(model, **lookup):
    try:
        return model.objects.get(**lookup)
    except model.DoesNotExist as exc:
        raise Http404 from exc


def _list_context(request, queryset):
    return {"page": paginate(request, queryset), "qs": query_string_without_page(request)}


# Units -------------------------------------------------------------------------------------------


@login_required
def unit_list(request):
    units = selectors.units_list(query=request.GET.get("q", ""))
    ctx = _list_context(request, units)
    ctx["can_manage"] = can_manage_registry(request.user)
    return render(request, "organisations/unit_list.html", ctx)


@login_required
def unit_detail(request, code):
    try:
        unit = selectors.unit_detail(code=code)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc
    memberships = list(selectors.unit_memberships(unit=unit))
    visible_ids = set(
        BlocYear.objects.visible_to(request.user).filter(members__unit=unit).values_list("pk", flat=True)
    )
    return render(
        request,
        "organisations/unit_detail.html",
        {
            "unit": unit,
            "memberships": memberships,
            "visible_ids": visible_ids,
            "can_manage": can_manage_registry(request.user),
            "people_count": Person.objects.visible_to(request.user).filter(unit=unit).count(),
            "panels": render_panels("unit", request, unit),
        },
    )


@login_required
@idempotent
def unit_create(request):
    require(can_manage_registry(request.user))
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = call_service(form, services.unit_create, actor=request.user, **form.cleaned_data)
        if unit:
            messages.success(request, f"Đã thêm đơn vị {unit.name}.")
            return redirect(unit)
    return render(request, "organisations/form.html", {"form": form, "title": "Thêm đơn vị"})


@login_required
def unit_edit(request, code):
    require(can_manage_registry(request.user))
    unit = _get(Unit, code=code)
    initial = {
        f: getattr(unit, f) for f in ("code", "name", "short_name", "parent_body", "kind", "established_on")
    }
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        unit = call_service(form, services.unit_update, actor=request.user, unit=unit, data=changed)
        if unit:
            messages.success(request, "Đã lưu thông tin đơn vị.")
            return redirect(unit)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "title": f"Sửa thông tin {unit.name}",
            "help": "Dùng để sửa sai sót. Khi đơn vị được đổi tên theo quyết định, hãy dùng “Đổi tên” để giữ lịch sử tên.",
        },
    )


@login_required
def unit_rename(request, code):
    require(can_manage_registry(request.user))
    unit = _get(Unit, code=code)
    form = UnitRenameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["new_short_name"] = data["new_short_name"] or None
        if call_service(form, services.unit_rename, actor=request.user, unit=unit, **data):
            messages.success(request, "Đã ghi nhận tên mới; hồ sơ các năm trước giữ tên cũ.")
            return redirect(unit)
    return render(request, "organisations/form.html", {"form": form, "title": f"Đổi tên {unit.name}"})


@login_required
def unit_dissolve(request, code):
    require(can_manage_registry(request.user))
    unit = _get(Unit, code=code)
    form = UnitDissolveForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.unit_dissolve, actor=request.user, unit=unit, **form.cleaned_data):
            messages.success(request, f"Đã ghi nhận giải thể / sáp nhập {unit.name}.")
            return redirect(unit)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "title": f"Giải thể / sáp nhập {unit.name}",
            "danger": True,
            "help": "Đơn vị đã giải thể không tham gia được các năm sau và không được đề nghị khen thưởng.",
        },
    )


# Blocs -------------------------------------------------------------------------------------------


@login_required
def bloc_list(request):
    ctx = _list_context(request, selectors.blocs_list(query=request.GET.get("q", "")))
    ctx["can_manage"] = can_manage_registry(request.user)
    return render(request, "organisations/bloc_list.html", ctx)


@login_required
def bloc_detail(request, code):
    try:
        bloc = selectors.bloc_detail(code=code)
    except Bloc.DoesNotExist as exc:
        raise Http404 from exc
    years = list(selectors.bloc_years_of(bloc=bloc, user=request.user))
    return render(
        request,
        "organisations/bloc_detail.html",
        {
            "bloc": bloc,
            "years": years,
            "can_manage": can_manage_registry(request.user),
        },
    )


@login_required
@idempotent
def bloc_create(request):
    require(can_manage_registry(request.user))

    form = BlocForm(request.POST or None, initial={"organiser": settings.THIDUA_ORGANISER})
    if request.method == "POST" and form.is_valid():
        bloc = call_service(form, services.bloc_create, actor=request.user, **form.cleaned_data)
        if bloc:
            messages.success(request, f"Đã thêm {bloc.name}.")
            return redirect(bloc)
    return render(request, "organisations/form.html", {"form": form, "title": "Thêm khối / cụm thi đua"})


@login_required
def bloc_edit(request, code):
    require(can_manage_registry(request.user))
    bloc = _get(Bloc, code=code)
    fields = ("code", "name", "short_name", "kind", "sector", "level", "organiser", "description")
    form = BlocForm(request.POST or None, initial={f: getattr(bloc, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        changed = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        bloc = call_service(form, services.bloc_update, actor=request.user, bloc=bloc, data=changed)
        if bloc:
            messages.success(request, "Đã lưu.")
            return redirect(bloc)
    return render(request, "organisations/form.html", {"form": form, "title": f"Sửa {bloc.name}"})


@login_required
def bloc_rotation(request, code):
    require(can_manage_registry(request.user))
    bloc = selectors.bloc_detail(code=code) if Bloc.objects.filter(code=code).exists() else None
    if bloc is None:
        raise Http404
    initial = {"codes": "\n".join(s.unit.code for s in bloc.rotation.all())}
    form = RotationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok = call_service(
            form,
            services.bloc_set_rotation,
            actor=request.user,
            bloc=bloc,
            units=form.cleaned_data["codes"],
            reason=form.cleaned_data["reason"],
        )
        if ok:
            messages.success(request, "Đã lưu thứ tự luân phiên.")
            return redirect(bloc)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "title": f"Thứ tự luân phiên trưởng khối – {bloc.name}",
            "help": "Khi bắt đầu năm mới mà hội nghị chưa bầu trưởng khối, đơn vị kế tiếp trong danh sách này được đề xuất.",
        },
    )


@login_required
@idempotent
def bloc_year_create(request, code):
    require(can_manage_registry(request.user))
    bloc = _get(Bloc, code=code)
    form = BlocYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["units"] = list(data["units"])
        by = call_service(form, services.bloc_year_create, actor=request.user, bloc=bloc, **data)
        if by:
            messages.success(request, f"Đã tạo năm {by.year}.")
            return redirect(by)
    return render(
        request,
        "organisations/form.html",
        {"form": form, "title": f"Thêm năm thi đua – {bloc.name}"},
    )


# Bloc years --------------------------------------------------------------------------------------


@login_required
def bloc_year_detail(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    members = list(by.members.all())
    names = {}
    for m in members:
        m.display_name = names[m.unit_id] = m.unit.name_in_year(by.year)
    members.sort(key=lambda m: sort_key(m.display_name))
    member_ids = [m.unit_id for m in members]
    history = list(selectors.bloc_years_of(bloc=by.bloc, user=request.user))
    manage = can_manage_bloc_year(request.user, by)
    name_secretary = handover.can_name_secretary(request.user, by) and by.leader_id is not None
    return render(
        request,
        "organisations/bloc_year_detail.html",
        {
            "by": by,
            "members": members,
            "leader_name": names.get(by.effective_leader_id, ""),
            "deputy_name": names.get(by.deputy_id, ""),
            "history": history,
            "can_manage": manage,
            "can_manage_registry": can_manage_registry(request.user),
            "add_form": AddMembersForm(exclude_ids=member_ids) if manage else None,
            "leadership_form": LeadershipForm(
                member_ids=member_ids,
                year=by.year,
                initial={
                    "leader": by.leader_id or by.proposed_leader_id,
                    "deputy": by.deputy_id or by.proposed_deputy_id,
                },
            )
            if manage
            else None,
            "has_next": BlocYear.objects.filter(bloc=by.bloc, year=by.year + 1).exists(),
            "next_year_problems": [
                p for found in call_hooks("next_year_problems", bloc_year=by) for p in found
            ],
            "panels": render_panels("bloc_year", request, by),
            **_handover_context(request.user, by, name_secretary),
        },
    )


def _handover_context(user, by, name_secretary: bool) -> dict:
    """Who runs the year: the leader unit's bloc secretaries, or who must name one; the form to
    name one; and, for the outgoing secretary, to whom management passed."""
    leader_id = by.leader_id or by.acting_leader_id
    secretaries = handover.secretaries_of(leader_id)
    needed = handover.handover_needed(by)
    candidates = []
    if name_secretary:
        candidates = [
            u
            for u in User.objects.filter(unit_id=by.leader_id, is_active=True).order_by("full_name")
            if not u.has_role(Role.BLOC_SECRETARY)
        ]
    return {
        "secretaries": secretaries,
        "secretary_needed": needed,
        "leader_unit_name": by.leader.name_in_year(by.year) if by.leader_id else "",
        "secretary_form": SecretaryForm(candidates=candidates) if name_secretary else None,
        "handover_note": handover.handover_note(user, by),
    }


def _back_with_errors(request, form, by):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else e)
    return redirect(by)


@login_required
@require_POST
def bloc_year_add_members(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    require(can_manage_bloc_year(request.user, by))
    form = AddMembersForm(request.POST, exclude_ids=[])
    if form.is_valid() and call_service(
        form,
        services.bloc_year_add_members,
        actor=request.user,
        bloc_year=by,
        units=list(form.cleaned_data["units"]),
    ):
        messages.success(request, "Đã thêm thành viên.")
        return redirect(by)
    return _back_with_errors(request, form, by)


@login_required
@require_POST
def bloc_year_remove_member(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    require(can_manage_bloc_year(request.user, by))
    form = RemoveMemberForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.bloc_year_remove_member,
        actor=request.user,
        bloc_year=by,
        **form.cleaned_data,
    ):
        messages.success(request, f"Đã rút {form.cleaned_data['unit'].name} khỏi khối năm {by.year}.")
        return redirect(by)
    return _back_with_errors(request, form, by)


@login_required
@require_POST
@idempotent
def bloc_year_start_next(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    require(can_manage_bloc_year(request.user, by))
    form = forms.Form()
    new = call_service(form, services.bloc_year_start_next, actor=request.user, bloc_year=by)
    if new is None:
        return _back_with_errors(request, form, by)
    # One sentence: what was copied and what needs a look (leader, deputy, heads, secretary).
    messages.success(request, new.start_summary)
    return redirect(new)


SECRETARY_REPLAYED = (
    "Thư ký khối đã được chỉ định ở lần bấm đầu tiên; mật khẩu dùng một lần chỉ hiển thị một lần. "
    "Nếu chưa ghi lại được, hãy nhờ quản trị hệ thống đặt lại mật khẩu."
)


@login_required
@require_POST
def bloc_year_secretary(request, code, year):
    """Names the leader unit's bloc secretary (existing account or a new one). A new account's
    one-time password is shown on the answer page once and stored nowhere: a double click is
    told so (``once``, as for API tokens)."""
    by = bloc_year_for(request.user, code, year, detail=True)
    require(handover.can_name_secretary(request.user, by))
    candidates = User.objects.filter(unit_id=by.leader_id, is_active=True) if by.leader_id else []
    form = SecretaryForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return _back_with_errors(request, form, by)
    replayed = []

    def replay(pk):
        replayed.append(pk)
        messages.info(request, SECRETARY_REPLAYED)

    result = once(
        request,
        lambda: call_service(
            form, handover.bloc_year_name_secretary, actor=request.user, bloc_year=by, **form.cleaned_data
        ),
        replay,
    )
    if replayed:
        response = redirect(by)
        response[REPLAYED_HEADER] = "true"
        return response
    if result is None:
        return _back_with_errors(request, form, by)
    user, password = result
    leader = by.leader.name_in_year(by.year)
    if not password:
        messages.success(
            request, f"Đã chỉ định {user.get_full_name()} ({user.username}) làm thư ký khối của {leader}."
        )
        return redirect(by)
    return render(
        request,
        "organisations/secretary_created.html",
        {"by": by, "secretary": user, "password": password, "leader_name": leader},
    )


@login_required
@require_POST
def bloc_year_confirm(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    require(can_manage_bloc_year(request.user, by))
    form = LeadershipForm(request.POST, member_ids=[m.unit_id for m in by.members.all()])
    if form.is_valid() and call_service(
        form,
        services.bloc_year_confirm_leadership,
        actor=request.user,
        bloc_year=by,
        **form.cleaned_data,
    ):
        messages.success(request, "Đã xác nhận trưởng khối, phó khối.")
        by = BlocYear.objects.select_related("leader").get(pk=by.pk)
        if handover.handover_needed(by):
            messages.warning(
                request,
                f"Chưa có thư ký khối của đơn vị trưởng khối {by.leader.name_in_year(by.year)}: "
                "Phòng TĐKT hoặc thư ký năm trước cần chỉ định.",
            )
        return redirect(by)
    return _back_with_errors(request, form, by)


@login_required
@require_POST
def bloc_year_set_leadership(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    require(can_manage_registry(request.user))
    form = LeadershipForm(request.POST, member_ids=[m.unit_id for m in by.members.all()])
    if form.is_valid() and call_service(
        form,
        services.bloc_year_set_leadership,
        actor=request.user,
        bloc_year=by,
        **form.cleaned_data,
    ):
        messages.success(request, "Đã cập nhật trưởng khối, phó khối.")
        return redirect(by)
    return _back_with_errors(request, form, by)


# People ------------------------------------------------------------------------------------------


@login_required
def person_list(request):
    people = selectors.people_list(
        user=request.user, query=request.GET.get("q", ""), unit=request.GET.get("unit", "")
    )
    ctx = _list_context(request, people)
    ctx["can_create"] = request.user.is_provincial or can_edit_person(request.user, request.user.unit_id)
    return render(request, "organisations/person_list.html", ctx)


@login_required
def person_detail(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    return render(
        request,
        "organisations/person_detail.html",
        {
            "person": person,
            "can_edit": can_edit_person(request.user, person.unit_id),
            "panels": render_panels("person", request, person),
        },
    )


def _person_units(user):
    qs = Unit.objects.filter(dissolved_on__isnull=True)
    return qs if user.is_provincial else qs.filter(pk=user.unit_id)


@login_required
@idempotent
def person_create(request):
    require(request.user.is_provincial or can_edit_person(request.user, request.user.unit_id))
    form = PersonForm(
        request.POST or None,
        units=_person_units(request.user),
        initial={"unit": request.user.unit_id},
    )
    del form.fields["is_active"]
    if request.method == "POST" and form.is_valid():
        person = call_service(form, services.person_create, actor=request.user, **form.cleaned_data)
        if person:
            messages.success(request, f"Đã thêm {person.full_name}.")
            return redirect(person)
    return render(request, "organisations/form.html", {"form": form, "title": "Thêm cá nhân"})


@login_required
def person_edit(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    require(can_edit_person(request.user, person.unit_id))
    fields = (
        "full_name",
        "gender",
        "birth_date",
        "unit",
        "position",
        "category",
        "is_active",
        "publication_consent",
    )
    form = PersonForm(
        request.POST or None,
        units=_person_units(request.user),
        initial={f: getattr(person, f) for f in fields},
    )
    if request.method == "POST" and form.is_valid():
        changed = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        if call_service(form, services.person_update, actor=request.user, person=person, data=changed):
            messages.success(request, "Đã lưu.")
            return redirect(person)
    return render(request, "organisations/form.html", {"form": form, "title": f"Sửa {person.full_name}"})


@login_required
def dashboard(request):
    """The signed-in home page (/ung-dung/): the user's own tasks ("Việc cần làm", from every
    app's ``todo_items`` hook) above the bloc years the user can see."""
    years = list(selectors.dashboard_years(user=request.user))
    todo = todo_for(request.user)
    # Operators' alarms (a full disk, a spool that cannot be written, sign-in attacks) of the last
    # day, for those who read the audit log: seen on arrival, not only when someone looks there.
    alarms = list(recent_alarms(days=1)[:5]) if can_view_audit(request.user) else []
    return render(request, "dashboard.html", {"years": years, "alarms": alarms, "todo": todo})
