"""Pages of the bloc year's cycle. Views are thin: find the year (404 when not visible), check
the role (404 for actions the user may not take), bind a form, call one service."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.core.errors import error_messages
from thidua.core.forms import MoveForm, form_errors_to_messages
from thidua.core.idempotency import idempotent
from thidua.core.permissions import require
from thidua.cycles import official, selectors, services
from thidua.cycles.choices import ADVANCE_ACTIONS, STAGE_ORDER, Stage
from thidua.cycles.forms import (
    AdvanceForm,
    AgreementForm,
    CopyForm,
    DocumentFormatForm,
    ImportForm,
    KeyContentForm,
    MovementForm,
    ProgrammeForm,
    ReasonForm,
    RegulationsForm,
    RubricItemForm,
    RubricSourceForm,
    SettingsEditor,
    SignatureForm,
    TotalForm,
)
from thidua.cycles.models import AgreementSignature, KeyContent, Movement, Programme, Rubric, RubricItem
from thidua.documents.services import documents_for, pdf_available
from thidua.organisations import selectors as org_selectors
from thidua.organisations.access import bloc_year_for
from thidua.organisations.bloc_settings import (
    AGGREGATIONS,
    APPROVAL_BASES,
    REVIEWER_MODES,
    TIE_BREAKS,
    get_settings,
)
from thidua.organisations.models import BlocYear, Unit
from thidua.organisations.permissions import can_manage_bloc_year


def _managed_year(request, code, year) -> BlocYear:
    by = bloc_year_for(request.user, code, year, detail=True)
    require(can_manage_bloc_year(request.user, by))
    return by


def _url(name, by, *args):
    return reverse(f"cycles:{name}", args=[by.bloc.code, by.year, *args])


def _run(request, func, /, **kwargs):
    """Call a service from a POST-only action; errors become messages. Returns the result or None."""
    try:
        return func(**kwargs)
    except ValidationError as exc:
        for msgs in error_messages(exc).values():
            for msg in msgs:
                messages.error(request, msg)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Bạn không có quyền thực hiện thao tác này.")
    return None


def _base(request, by, active: str) -> dict:
    return {
        "by": by,
        "stage": selectors.stage_of(by),
        "stage_label": Stage(selectors.stage_of(by)).label,
        "can_manage": can_manage_bloc_year(request.user, by),
        "active": active,
    }


# The year's cycle page ----------------------------------------------------------------------------


@login_required
def index(request):
    years = list(org_selectors.bloc_years_visible(user=request.user))
    stages = dict(
        selectors.YearCycle.objects.filter(bloc_year__in=years).values_list("bloc_year_id", "stage")
    )
    for by in years:
        by.stage = stages.get(by.pk, Stage.DRAFT)
        by.stage_label = Stage(by.stage).label
        by.deadline = selectors.next_deadline(by)
    return render(request, "cycles/index.html", {"years": years})


@login_required
def year_detail(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    ctx = _base(request, by, "overview")
    stage = ctx["stage"]
    next_action = next((k for k, (src, _dst, _l) in ADVANCE_ACTIONS.items() if src == stage), None)
    ctx.update(
        {
            "timeline": selectors.timeline(by),
            "transitions": selectors.transitions(by),
            "next_action": next_action,
            "next_label": ADVANCE_ACTIONS[next_action][2] if next_action else "",
            "problems": services.launch_problems(by) if stage == Stage.DRAFT else [],
            "can_reopen": STAGE_ORDER.index(stage) > 1,
            "reason_form": ReasonForm(),
            "documents": documents_for(by),
            "document_kinds": official.KINDS,
            "pdf_available": pdf_available(),
            "amendments": selectors.amendments(by),
            "key_contents": by.key_contents.count(),
            "movements": selectors.movements_of(by).count(),
            "rubric": selectors.current_rubric(by) or selectors.working_rubric(by),
        }
    )
    return render(request, "cycles/year_detail.html", ctx)


@login_required
@require_POST
def year_advance(request, code, year):
    by = _managed_year(request, code, year)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(_url("year_detail", by))
    result = _run(
        request,
        services.year_advance,
        actor=request.user,
        bloc_year=by,
        action=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"],
    )
    if result:
        messages.success(request, f"Đã chuyển sang giai đoạn “{Stage(result.to_stage).label}”.")
    return redirect(_url("year_detail", by))


@login_required
@require_POST
def year_reopen(request, code, year):
    by = _managed_year(request, code, year)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(_url("year_detail", by))
    result = _run(
        request, services.year_reopen, actor=request.user, bloc_year=by, reason=form.cleaned_data["reason"]
    )
    if result:
        messages.success(request, f"Đã mở lại giai đoạn “{Stage(result.to_stage).label}”.")
    return redirect(_url("year_detail", by))


def _wants_pdf(request) -> bool:
    form = DocumentFormatForm(request.POST)
    return form.is_valid() and form.cleaned_data["format"] == "pdf"


@login_required
@idempotent
@require_POST
def generate_document(request, code, year, kind):
    by = bloc_year_for(request.user, code, year, detail=True)
    if kind not in official.KINDS:
        raise Http404
    doc = _run(
        request,
        official.generate,
        actor=request.user,
        bloc_year=by,
        kind=kind,
        pdf=_wants_pdf(request),
    )
    if doc is None:
        return redirect(_url("year_detail", by))
    return redirect(doc.get_absolute_url())


# Regulations and settings -------------------------------------------------------------------------


@login_required
def regulations(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    ctx = _base(request, by, "regulations")
    regs = selectors.regulations_of(by)
    form = None
    if ctx["can_manage"]:
        form = RegulationsForm(
            request.POST or None, request.FILES or None, initial={"text": regs.text if regs else ""}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.regulations_update(
                    actor=request.user,
                    bloc_year=by,
                    text=form.cleaned_data["text"],
                    upload=form.cleaned_data["file"],
                    remove_file=form.cleaned_data["remove_file"],
                )
            except (ValidationError, PermissionDenied) as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "Đã lưu quy chế hoạt động.")
                return redirect(_url("regulations", by))
    elif request.method == "POST":
        raise Http404

    ctx.update(
        {
            "regs": regs,
            "form": form,
            "cfg": get_settings(by),
            "reviewer_modes": REVIEWER_MODES,
            "aggregations": AGGREGATIONS,
            "tie_breaks": TIE_BREAKS,
            "approval_bases": APPROVAL_BASES,
        }
    )
    return render(request, "cycles/regulations.html", ctx)


def _form_errors(form, exc) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
        return
    for field, msgs in error_messages(exc).items():
        for msg in msgs:
            form.add_error(field if field in form.fields else None, msg)


def _private_file(field, name: str) -> HttpResponse:

    if not field:
        raise Http404
    try:
        data = field.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    finally:
        field.close()
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name or 'tep')}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def regulations_file(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    regs = selectors.regulations_of(by)
    if regs is None or not regs.file:
        raise Http404
    return _private_file(regs.file, regs.file_name)


@login_required
def settings_edit(request, code, year):
    by = _managed_year(request, code, year)
    editor = SettingsEditor(request.POST if request.method == "POST" else None, cfg=get_settings(by))
    if editor.is_valid():
        try:
            services.settings_update(actor=request.user, bloc_year=by, data=editor.to_settings())
        except (ValidationError, PermissionDenied) as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, "Đã lưu thiết lập của khối.")
            return redirect(_url("regulations", by))
    ctx = _base(request, by, "regulations")
    ctx.update({"editor": editor, "form": editor.form, "title": f"Thiết lập chấm điểm, bình xét – {by}"})
    return render(request, "cycles/settings_form.html", ctx)


# Agreement --------------------------------------------------------------------------------------


@login_required
def agreement(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    ctx = _base(request, by, "agreement")
    agr = selectors.agreement_of(by)
    editable = ctx["can_manage"] and ctx["stage"] == Stage.DRAFT
    form = None
    if editable:
        initial = (
            {"signed_on": agr.signed_on, "signed_place": agr.signed_place, "preamble": agr.preamble}
            if agr
            else {}
        )
        form = AgreementForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.agreement_update(actor=request.user, bloc_year=by, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "Đã lưu ngày, địa điểm ký giao ước.")
                return redirect(_url("agreement", by))
    elif request.method == "POST":
        raise Http404
    rubric = selectors.current_rubric(by) or selectors.working_rubric(by)
    contents = list(by.key_contents.order_by("position").prefetch_related("rubric_items"))
    ctx.update(
        {
            "agr": agr,
            "form": form,
            "editable": editable,
            "contents": contents,
            "content_form": KeyContentForm() if editable else None,
            "signatures": selectors.signatures_of(by),
            "unmapped": selectors.contents_without_criterion(by, rubric),
            "rubric": rubric,
        }
    )
    return render(request, "cycles/agreement.html", ctx)


def _content(by, pk) -> KeyContent:
    content = KeyContent.objects.filter(bloc_year=by, pk=pk).select_related("bloc_year").first()
    if content is None:
        raise Http404
    return content


@login_required
@idempotent
@require_POST
def key_content_add(request, code, year):
    by = _managed_year(request, code, year)
    form = KeyContentForm(request.POST)
    if form.is_valid():
        if _run(request, services.key_content_create, actor=request.user, bloc_year=by, **form.cleaned_data):
            messages.success(request, "Đã thêm nội dung trọng tâm.")
    else:
        messages.error(request, "Nội dung trọng tâm không được để trống.")
    return redirect(_url("agreement", by) + "#contents")


@login_required
def key_content_edit(request, code, year, pk):
    by = _managed_year(request, code, year)
    content = _content(by, pk)
    form = KeyContentForm(
        request.POST or None, initial={"title": content.title, "description": content.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.key_content_update(actor=request.user, content=content, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            return redirect(_url("agreement", by) + "#contents")
    ctx = _base(request, by, "agreement")
    ctx.update({"form": form, "title": f"Sửa nội dung trọng tâm số {content.position}"})
    return render(request, "cycles/form.html", ctx)


@login_required
@require_POST
def key_content_delete(request, code, year, pk):
    by = _managed_year(request, code, year)
    content = _content(by, pk)
    _run(request, services.key_content_delete, actor=request.user, content=content)
    return redirect(_url("agreement", by) + "#contents")


@login_required
@require_POST
def key_content_move(request, code, year, pk):
    by = _managed_year(request, code, year)
    content = _content(by, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        offset = -1 if form.cleaned_data["direction"] == "up" else 1
        _run(request, services.key_content_move, actor=request.user, content=content, offset=offset)
    else:
        form_errors_to_messages(request, form)
    return redirect(_url("agreement", by) + "#contents")


def _member_unit(by, unit_code) -> Unit:
    unit = Unit.objects.filter(code=unit_code, memberships__bloc_year=by).first()
    if unit is None:
        raise Http404
    return unit


@login_required
def signature_edit(request, code, year, unit_code):
    by = _managed_year(request, code, year)
    unit = _member_unit(by, unit_code)
    member = by.members.get(unit=unit)
    sig = AgreementSignature.objects.filter(bloc_year=by, unit=unit).first()
    initial = {
        "head_name": member.head_name,
        "head_title": member.head_title,
        "signed": sig.signed if sig else False,
        "signed_on": sig.signed_on if sig else None,
    }
    form = SignatureForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_update(actor=request.user, bloc_year=by, unit=unit, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"Đã cập nhật chữ ký của {unit.name_in_year(by.year)}.")
            return redirect(_url("agreement", by) + "#signatures")
    ctx = _base(request, by, "agreement")
    ctx.update(
        {
            "form": form,
            "title": f"Thủ trưởng, chữ ký giao ước – {unit.name_in_year(by.year)}",
            "multipart": True,
            "current_file": sig.scan_name if sig and sig.scan else "",
        }
    )
    return render(request, "cycles/form.html", ctx)


@login_required
def signature_scan(request, code, year, unit_code):
    by = bloc_year_for(request.user, code, year, detail=True)
    unit = _member_unit(by, unit_code)
    sig = AgreementSignature.objects.filter(bloc_year=by, unit=unit).first()
    if sig is None or not sig.scan:
        raise Http404
    return _private_file(sig.scan, sig.scan_name)


# Rubric -----------------------------------------------------------------------------------------


@login_required
def rubric(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    ctx = _base(request, by, "rubric")
    versions = list(Rubric.objects.filter(bloc_year=by).order_by("-version"))
    wanted = request.GET.get("v")
    current = next((r for r in versions if str(r.version) == wanted), None) if wanted else None
    if current is None:
        current = versions[0] if versions else None
    editable = bool(ctx["can_manage"] and current is not None and not current.is_frozen)
    items = selectors.rubric_items(current) if current else []
    tops = [i for i in items if i.depth == 0 and not i.is_adjustment]
    chart = None
    if len(tops) > 1:
        chart = {
            "labels": [f"{i.code}. {i.title[:40]}" for i in tops],
            "values": [float(_points_of(i, items)) for i in tops],
        }
    ctx.update(
        {
            "versions": versions,
            "current": current,
            "items": items,
            "chart": chart,
            "editable": editable,
            "problems": selectors.rubric_problems(current) if current else [],
            "summary": selectors.rubric_summary(current) if current else None,
            "unmapped": selectors.contents_without_criterion(by, current),
            "item_form": RubricItemForm(rubric=current) if editable else None,
            "total_form": TotalForm(initial={"total": current.total}) if editable else None,
            "copy_form": CopyForm(rubrics=selectors.rubrics_to_copy(request.user, by)) if editable else None,
            "import_form": ImportForm() if editable else None,
            "reason_form": ReasonForm(),
            "can_start": ctx["can_manage"] and current is None and ctx["stage"] == Stage.DRAFT,
            "can_amend": ctx["can_manage"]
            and ctx["stage"] not in (Stage.DRAFT, Stage.CLOSED)
            and (current is None or current.is_frozen),
        }
    )
    return render(request, "cycles/rubric.html", ctx)


def _points_of(item, items):
    """A top-level item's weight: its declared maximum, or the sum of its scored leaves."""
    if item.max_points:
        return item.max_points
    children = [i for i in items if i.parent_id == item.pk and not i.is_adjustment]
    return sum((_points_of(c, items) for c in children), 0)


def _editing_rubric(request, by) -> Rubric:
    current = selectors.working_rubric(by)
    if current is None:
        current = services.rubric_for_editing(actor=request.user, bloc_year=by)
    return current


@login_required
@require_POST
def rubric_start(request, code, year):
    by = _managed_year(request, code, year)
    _run(request, services.rubric_for_editing, actor=request.user, bloc_year=by)
    return redirect(_url("rubric", by))


@login_required
@idempotent
@require_POST
def rubric_item_add(request, code, year):
    by = _managed_year(request, code, year)
    current = _editing_rubric(request, by)
    form = RubricItemForm(request.POST, rubric=current)
    if form.is_valid():
        data = form.cleaned_data
        if _run(request, services.rubric_item_create, actor=request.user, rubric=current, **data):
            messages.success(request, f"Đã thêm mục {data['code']}.")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}: {e}" if label else e)
    return redirect(_url("rubric", by) + "#editor")


def _item(by, pk) -> RubricItem:
    item = RubricItem.objects.filter(rubric__bloc_year=by, pk=pk).select_related("rubric__bloc_year").first()
    if item is None:
        raise Http404
    return item


@login_required
def rubric_item_edit(request, code, year, pk):
    by = _managed_year(request, code, year)
    item = _item(by, pk)
    initial = {
        "parent": item.parent_id,
        "code": item.code,
        "title": item.title,
        "max_points": item.max_points,
        "evidence_required": item.evidence_required,
        "guidance": item.guidance,
        "key_contents": list(item.key_contents.values_list("pk", flat=True)),
    }
    form = RubricItemForm(request.POST or None, rubric=item.rubric, exclude_kind=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rubric_item_update(actor=request.user, item=item, data=form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu mục {item.code}.")
            return redirect(_url("rubric", by) + "#editor")
    ctx = _base(request, by, "rubric")
    ctx.update({"form": form, "title": f"Sửa mục {item.code} ({item.get_kind_display().lower()})"})
    return render(request, "cycles/form.html", ctx)


@login_required
@require_POST
def rubric_item_delete(request, code, year, pk):
    by = _managed_year(request, code, year)
    item = _item(by, pk)
    _run(request, services.rubric_item_delete, actor=request.user, item=item)
    return redirect(_url("rubric", by) + "#editor")


@login_required
@require_POST
def rubric_item_move(request, code, year, pk):
    by = _managed_year(request, code, year)
    item = _item(by, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        _run(
            request,
            services.rubric_item_move,
            actor=request.user,
            item=item,
            direction=form.cleaned_data["direction"],
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(_url("rubric", by) + f"#item-{item.pk}")


@login_required
@require_POST
def rubric_total(request, code, year):
    by = _managed_year(request, code, year)
    form = TotalForm(request.POST)
    if form.is_valid():
        _run(
            request,
            services.rubric_set_total,
            actor=request.user,
            rubric=_editing_rubric(request, by),
            total=form.cleaned_data["total"],
        )
    else:
        messages.error(request, "Tổng điểm phải là số lớn hơn 0.")
    return redirect(_url("rubric", by))


@login_required
@require_POST
def rubric_copy(request, code, year):
    by = _managed_year(request, code, year)
    allowed = [r.pk for r in selectors.rubrics_to_copy(request.user, by)]
    form = RubricSourceForm(
        request.POST, rubrics=Rubric.objects.filter(pk__in=allowed).select_related("bloc_year__bloc")
    )
    source = form.cleaned_data["source"] if form.is_valid() else None
    if source is None:
        form_errors_to_messages(request, form)
    elif _run(
        request,
        services.rubric_copy_from,
        actor=request.user,
        rubric=_editing_rubric(request, by),
        source=source,
    ):
        messages.success(request, f"Đã sao chép bộ tiêu chí {source.bloc_year} (phiên bản {source.version}).")
    return redirect(_url("rubric", by))


@login_required
@idempotent
@require_POST
def rubric_import(request, code, year):
    by = _managed_year(request, code, year)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        # A file sent but refused (over the size limit) says why; no file asks for one.
        messages.error(
            request, form.errors["file"][0] if "file" in request.FILES else "Hãy chọn tệp Excel (.xlsx)."
        )
    elif _run(
        request,
        services.rubric_import_xlsx,
        actor=request.user,
        rubric=_editing_rubric(request, by),
        upload=form.cleaned_data["file"],
    ):
        messages.success(request, "Đã nhập bộ tiêu chí từ tệp Excel.")
    return redirect(_url("rubric", by))


@login_required
@require_POST
def rubric_amend(request, code, year):
    by = _managed_year(request, code, year)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    elif _run(
        request,
        services.rubric_amend,
        actor=request.user,
        bloc_year=by,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, "Đã lập bản sửa đổi; chỉnh sửa rồi bấm “Ban hành bản sửa đổi”.")
    return redirect(_url("rubric", by))


@login_required
@require_POST
def rubric_publish(request, code, year):
    by = _managed_year(request, code, year)
    current = selectors.working_rubric(by)
    if current is None:
        raise Http404
    if _run(request, services.rubric_publish, actor=request.user, rubric=current):
        messages.success(
            request, f"Đã ban hành bộ tiêu chí phiên bản {current.version}; các đơn vị thành viên đều thấy."
        )
    return redirect(_url("rubric", by))


@login_required
@require_POST
def rubric_discard(request, code, year):
    by = _managed_year(request, code, year)
    current = selectors.working_rubric(by)
    if current is None:
        raise Http404
    _run(request, services.rubric_discard_amendment, actor=request.user, rubric=current)
    return redirect(_url("rubric", by))


# Movements --------------------------------------------------------------------------------------


@login_required
@idempotent
def movements(request, code, year):
    by = bloc_year_for(request.user, code, year, detail=True)
    ctx = _base(request, by, "movements")
    user = request.user
    member_ids = set(by.members.values_list("unit_id", flat=True))
    own_unit = user.unit_id if user.unit_id in member_ids else None
    can_register = services.can_edit_movements_of(user, own_unit) if own_unit else False
    form = None
    if can_register:
        form = MovementForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.movement_create(actor=user, bloc_year=by, unit=user.unit, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "Đã đăng ký phong trào thi đua.")
                return redirect(_url("movements", by))
    elif request.method == "POST":
        raise Http404
    rows = list(selectors.movements_of(by))
    for m in rows:
        m.editable = services.can_edit_movements_of(user, m.unit_id)
    ctx.update({"movements": rows, "form": form, "own_unit": user.unit if own_unit else None})
    return render(request, "cycles/movements.html", ctx)


@login_required
def movement_edit(request, code, year, pk):
    by = bloc_year_for(request.user, code, year, detail=True)
    movement = Movement.objects.filter(bloc_year=by, pk=pk).select_related("unit", "bloc_year").first()
    if movement is None or not services.can_edit_movements_of(request.user, movement.unit_id):
        raise Http404
    initial = {
        "title": movement.title,
        "kind": movement.kind,
        "launch_level": movement.launch_level,
        "scope": movement.scope,
        "starts_on": movement.starts_on,
        "ends_on": movement.ends_on,
        "targets": movement.targets,
        "programmes": list(movement.programmes.values_list("pk", flat=True)),
    }
    form = MovementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.movement_update(actor=request.user, movement=movement, data=form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Đã lưu phong trào.")
            return redirect(_url("movements", by))
    ctx = _base(request, by, "movements")
    ctx.update({"form": form, "title": f"Sửa phong trào – {movement.unit.name_in_year(by.year)}"})
    return render(request, "cycles/form.html", ctx)


@login_required
@require_POST
def movement_delete(request, code, year, pk):
    by = bloc_year_for(request.user, code, year, detail=True)
    movement = Movement.objects.filter(bloc_year=by, pk=pk).first()
    if movement is None or not services.can_edit_movements_of(request.user, movement.unit_id):
        raise Http404
    _run(request, services.movement_delete, actor=request.user, movement=movement)
    return redirect(_url("movements", by))


# Programme catalogue ----------------------------------------------------------------------------


@login_required
@idempotent
def programmes(request):
    keeper = request.user.is_provincial
    form = ProgrammeForm(request.POST or None) if keeper else None
    if request.method == "POST":
        require(keeper)
        if form.is_valid():
            try:
                services.programme_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    position=form.cleaned_data["position"] or 0,
                )
            except (ValidationError, PermissionDenied) as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "Đã thêm chương trình vào danh mục.")
                return redirect("cycles:programmes")
    return render(
        request,
        "cycles/programmes.html",
        {"programmes": Programme.objects.all(), "form": form, "keeper": keeper},
    )


@login_required
def programme_edit(request, pk):
    require(request.user.is_provincial)
    programme = Programme.objects.filter(pk=pk).first()
    if programme is None:
        raise Http404
    form = ProgrammeForm(
        request.POST or None,
        initial={
            "name": programme.name,
            "description": programme.description,
            "position": programme.position,
            "is_active": programme.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["position"] = data["position"] or 0
        try:
            services.programme_update(actor=request.user, programme=programme, data=data)
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            return redirect("cycles:programmes")
    return render(request, "cycles/form.html", {"form": form, "title": f"Sửa chương trình: {programme.name}"})
