"""The scoring rubric: editing the tree, copying, Excel import, amendments after launch."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from thidua.core.audit import audit, snapshot
from thidua.core.errors import ValidationError
from thidua.core.hooks import call_hooks
from thidua.cycles import rubric_rules
from thidua.cycles.choices import RubricItemKind, Stage
from thidua.cycles.models import KeyContent, Rubric, RubricItem, YearCycle
from thidua.cycles.rubric_excel import parse_rubric_xlsx
from thidua.cycles.selectors import rubric_items, rubric_problems
from thidua.cycles.services._common import clean_text, require_manager
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear

ITEM_FIELDS = ["parent", "kind", "code", "title", "guidance", "max_points", "evidence_required", "position"]
FROZEN = "Bộ tiêu chí phiên bản {v} đã khóa khi phát động; muốn thay đổi hãy lập bản sửa đổi (kèm lý do)."


def _editable(rubric: Rubric) -> Rubric:
    """Lock and return the rubric, refusing a frozen one."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if rubric.is_frozen:
        raise ValidationError({"__all__": [FROZEN.format(v=rubric.version)]})
    return rubric


def rubric_for_editing(*, actor, bloc_year) -> Rubric:
    """The draft rubric of the year, created empty (total from the bloc settings) if none exists.
    After launch this is the open amendment, if one has been started."""
    require_manager(actor, bloc_year)
    with transaction.atomic():
        BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        rubric = Rubric.objects.filter(bloc_year=bloc_year).order_by("-version").first()
        if rubric is None:
            total = Decimal(str(get_settings(bloc_year).scoring_total))
            rubric = Rubric.objects.create(bloc_year=bloc_year, version=1, total=total, created_by=actor)
            audit(
                actor=actor, action="rubric.create", obj=rubric, after=snapshot(rubric, ["version", "total"])
            )
    return rubric


def _points(value, field="max_points") -> Decimal:
    try:
        points = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: [f"“{value}” không phải số điểm hợp lệ."]}) from exc
    if points < 0:
        raise ValidationError({field: ["Điểm tối đa (mức trần) không được âm."]})
    if points >= Decimal("1000000"):
        raise ValidationError({field: ["Số điểm quá lớn."]})
    return points


def rubric_set_total(*, actor, rubric: Rubric, total) -> Rubric:
    require_manager(actor, rubric.bloc_year)
    total = _points(total, "total")
    if total <= 0:
        raise ValidationError({"total": ["Tổng điểm phải lớn hơn 0."]})
    with transaction.atomic():
        rubric = _editable(rubric)
        before = snapshot(rubric, ["total"])
        rubric.total = total
        rubric.save(update_fields=["total", "updated_at"])
        audit(
            actor=actor, action="rubric.total", obj=rubric, before=before, after=snapshot(rubric, ["total"])
        )
    return rubric


def _check_parent(kind: str, parent: RubricItem | None, rubric: Rubric) -> None:
    if parent is not None and parent.rubric_id != rubric.pk:
        raise ValidationError({"parent": ["Mục cha không thuộc bộ tiêu chí này."]})
    parent_kind = parent.kind if parent else None
    if parent_kind not in rubric_rules.ALLOWED_PARENTS.get(kind, set()):
        where = f"thuộc “{parent.get_kind_display()}”" if parent else "ở cấp cao nhất"
        raise ValidationError({"parent": [f"{RubricItemKind(kind).label} không thể đặt {where}."]})


def _key_contents(rubric: Rubric, key_contents) -> list[KeyContent]:
    ids = [getattr(k, "pk", k) for k in (key_contents or [])]
    found = list(KeyContent.objects.filter(bloc_year_id=rubric.bloc_year_id, pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"key_contents": ["Nội dung trọng tâm không thuộc giao ước năm này."]})
    return found


def rubric_item_create(
    *,
    actor,
    rubric: Rubric,
    kind: str,
    code: str,
    title: str,
    parent: RubricItem | None = None,
    max_points=0,
    guidance: str = "",
    evidence_required: bool = False,
    key_contents=(),
) -> RubricItem:
    require_manager(actor, rubric.bloc_year)
    if kind not in RubricItemKind.values:
        raise ValidationError({"kind": ["Loại mục không hợp lệ."]})
    code = clean_text(code, "code", "Mã mục", max_length=20)
    title = clean_text(title, "title", "Nội dung", max_length=500)
    points = _points(max_points)
    _check_parent(kind, parent, rubric)
    contents = _key_contents(rubric, key_contents)
    with transaction.atomic():
        rubric = _editable(rubric)
        if RubricItem.objects.filter(rubric=rubric, code=code).exists():
            raise ValidationError({"code": [f"Mã “{code}” đã có trong bộ tiêu chí."]})
        position = (RubricItem.objects.filter(rubric=rubric).aggregate(m=Max("position"))["m"] or 0) + 1
        item = RubricItem.objects.create(
            rubric=rubric,
            parent=parent,
            kind=kind,
            code=code,
            title=title,
            guidance=(guidance or "").strip(),
            max_points=points,
            evidence_required=bool(evidence_required),
            position=position,
        )
        item.key_contents.set(contents)
        audit(
            actor=actor,
            action="rubric_item.create",
            obj=item,
            after={**snapshot(item, ITEM_FIELDS), "key_contents": [c.pk for c in contents]},
        )
    return item


def rubric_item_update(*, actor, item: RubricItem, data: dict) -> RubricItem:
    """Change an item's fields (any of code, title, guidance, max_points, evidence_required,
    parent, key_contents). The kind is fixed: delete and re-add to change it."""
    rubric = item.rubric
    require_manager(actor, rubric.bloc_year)
    data = dict(data)
    unknown = set(data) - {
        "code",
        "title",
        "guidance",
        "max_points",
        "evidence_required",
        "parent",
        "key_contents",
    }
    if unknown:
        raise ValidationError({sorted(unknown)[0]: ["Trường này không sửa được."]})
    with transaction.atomic():
        _editable(rubric)
        item = RubricItem.objects.select_for_update().get(pk=item.pk)
        before = {
            **snapshot(item, ITEM_FIELDS),
            "key_contents": list(item.key_contents.values_list("pk", flat=True)),
        }
        if "code" in data:
            item.code = clean_text(data["code"], "code", "Mã mục", max_length=20)
            if RubricItem.objects.filter(rubric=rubric, code=item.code).exclude(pk=item.pk).exists():
                raise ValidationError({"code": [f"Mã “{item.code}” đã có trong bộ tiêu chí."]})
        if "title" in data:
            item.title = clean_text(data["title"], "title", "Nội dung", max_length=500)
        if "guidance" in data:
            item.guidance = (data["guidance"] or "").strip()
        if "max_points" in data:
            item.max_points = _points(data["max_points"])
        if "evidence_required" in data:
            item.evidence_required = bool(data["evidence_required"])
        if "parent" in data:
            parent = data["parent"]
            _check_parent(item.kind, parent, rubric)
            if parent is not None and parent.pk == item.pk:
                raise ValidationError({"parent": ["Một mục không thể thuộc chính nó."]})
            if item.children.exists() and parent is not None and item.kind != RubricItemKind.CRITERION:
                raise ValidationError({"parent": ["Mục đang có mục con không chuyển được vào mục khác."]})
            item.parent = parent
        item.save()
        if "key_contents" in data:
            item.key_contents.set(_key_contents(rubric, data["key_contents"]))
        after = {
            **snapshot(item, ITEM_FIELDS),
            "key_contents": list(item.key_contents.values_list("pk", flat=True)),
        }
        audit(actor=actor, action="rubric_item.update", obj=item, before=before, after=after)
    return item


def rubric_item_move(*, actor, item: RubricItem, direction: str) -> RubricItem:
    """Move an item one place up or down among its siblings (same parent); its children go with
    it. At the first or last place nothing changes and the message says why."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": ["Hướng di chuyển phải là “up” (lên) hoặc “down” (xuống)."]})
    rubric = item.rubric
    require_manager(actor, rubric.bloc_year)
    with transaction.atomic():
        rubric = _editable(rubric)
        siblings = list(
            RubricItem.objects.select_for_update()
            .filter(rubric=rubric, parent_id=item.parent_id)
            .order_by("position", "id")
        )
        index = next((i for i, s in enumerate(siblings) if s.pk == item.pk), None)
        if index is None:
            raise ValidationError({"__all__": ["Mục này không còn trong bộ tiêu chí."]})
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            where = "đầu" if direction == "up" else "cuối"
            raise ValidationError(
                {"direction": [f"Mục {siblings[index].code} đã ở vị trí {where} trong nhóm."]}
            )
        before = [s.code for s in siblings]
        siblings[index], siblings[other] = siblings[other], siblings[index]
        # Renumber the siblings 1…n in their new order (positions only order siblings).
        slots = sorted(s.position for s in siblings)
        if len(set(slots)) != len(slots):
            slots = list(range(slots[0], slots[0] + len(siblings)))
        for slot, sibling in zip(slots, siblings, strict=True):
            if sibling.position != slot:
                RubricItem.objects.filter(pk=sibling.pk).update(position=slot)
        moved = RubricItem.objects.get(pk=item.pk)
        audit(
            actor=actor,
            action="rubric_item.move",
            obj=moved,
            before={"order": before},
            after={"order": [s.code for s in siblings]},
        )
    return moved


def rubric_item_delete(*, actor, item: RubricItem) -> None:
    rubric = item.rubric
    require_manager(actor, rubric.bloc_year)
    with transaction.atomic():
        _editable(rubric)
        item = RubricItem.objects.filter(pk=item.pk).first()
        if item is None:
            return
        removed = [item.code, *RubricItem.objects.filter(parent=item).values_list("code", flat=True)]
        audit(
            actor=actor,
            action="rubric_item.delete",
            obj=item,
            before={**snapshot(item, ITEM_FIELDS), "with_children": removed},
        )
        item.delete()


def rubric_replace_rows(
    *, actor, rubric: Rubric, rows: list[dict], total=None, action="rubric.replace", strict=False
) -> Rubric:
    """Replace every item of a draft rubric with ``rows`` (``code``, ``parent`` code, ``kind``,
    ``title``, ``max_points``, ``guidance``, ``evidence_required``, ``key_contents`` positions).
    All or nothing: any structural problem refuses the whole set."""
    require_manager(actor, rubric.bloc_year)
    structural = rubric_rules.problems(rows, Decimal(total if total is not None else rubric.total))
    # Only structure blocks a replacement; totals may still be balanced in the editor afterwards.
    blocking = (
        structural
        if strict
        else [p for p in structural if "khác tổng" not in p and "chưa có tiêu chí" not in p]
    )
    if blocking:
        raise ValidationError({"__all__": blocking})
    with transaction.atomic():
        rubric = _editable(rubric)
        before = {
            "items": list(RubricItem.objects.filter(rubric=rubric).values_list("code", flat=True)),
            "total": str(rubric.total),
        }
        RubricItem.objects.filter(rubric=rubric).delete()
        if total is not None:
            rubric.total = _points(total, "total")
            rubric.save(update_fields=["total", "updated_at"])
        contents = {c.position: c for c in KeyContent.objects.filter(bloc_year_id=rubric.bloc_year_id)}
        created: dict[str, RubricItem] = {}
        for position, row in enumerate(rows, start=1):
            item = RubricItem.objects.create(
                rubric=rubric,
                parent=created.get(row.get("parent") or ""),
                kind=row["kind"],
                code=row["code"],
                title=row["title"],
                guidance=row.get("guidance", ""),
                max_points=Decimal(row["max_points"]),
                evidence_required=bool(row.get("evidence_required")),
                position=position,
            )
            created[row["code"]] = item
            linked = [contents[p] for p in row.get("key_contents", []) if p in contents]
            if linked:
                item.key_contents.set(linked)
        audit(
            actor=actor,
            action=action,
            obj=rubric,
            before=before,
            after={"items": list(created), "total": str(rubric.total)},
        )
    return rubric


def rubric_rows(rubric: Rubric) -> list[dict]:
    """The rubric as plain rows in tree order (the shape of the Excel layout and of copies)."""

    return [
        {
            "code": item.code,
            "parent": item.parent.code if item.parent_id else "",
            "kind": item.kind,
            "title": item.title,
            "max_points": item.max_points,
            "guidance": item.guidance,
            "evidence_required": item.evidence_required,
            "key_contents": [k.position for k in item.key_contents.all()],
        }
        for item in rubric_items(rubric)
    ]


def rubric_copy_from(*, actor, rubric: Rubric, source: Rubric) -> Rubric:
    """Copy another rubric (an earlier year, or another bloc) into this draft. Links to key
    contents follow their positions in the agreement."""
    if source.pk == rubric.pk:
        raise ValidationError({"source": ["Không thể sao chép bộ tiêu chí vào chính nó."]})
    return rubric_replace_rows(
        actor=actor, rubric=rubric, rows=rubric_rows(source), total=source.total, action="rubric.copy"
    )


def rubric_amend(*, actor, bloc_year, reason: str) -> Rubric:
    """After launch: start a new version as a copy of the newest frozen one, with a reason that
    every member unit will see. It takes effect when published."""
    require_manager(actor, bloc_year)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": ["Cần ghi lý do sửa đổi bộ tiêu chí."]})
    stage = (
        YearCycle.objects.filter(bloc_year=bloc_year).values_list("stage", flat=True).first() or Stage.DRAFT
    )
    if stage == Stage.DRAFT:
        raise ValidationError({"__all__": ["Năm chưa phát động: sửa trực tiếp bộ tiêu chí dự thảo."]})
    if stage == Stage.CLOSED:
        raise ValidationError({"__all__": ["Năm thi đua đã kết thúc: không sửa đổi bộ tiêu chí được nữa."]})
    with transaction.atomic():
        BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
        latest = Rubric.objects.filter(bloc_year=bloc_year).order_by("-version").first()
        if latest is not None and not latest.is_frozen:
            raise ValidationError(
                {"__all__": [f"Đang có bản sửa đổi phiên bản {latest.version} chưa ban hành."]}
            )
        version = (latest.version if latest else 0) + 1
        rubric = Rubric.objects.create(
            bloc_year=bloc_year,
            version=version,
            total=latest.total if latest else 100,
            amendment_reason=reason,
            created_by=actor,
        )
        audit(actor=actor, action="rubric.amend", obj=rubric, after={"version": version}, reason=reason)
    if latest is not None:
        rubric_replace_rows(
            actor=actor,
            rubric=rubric,
            rows=rubric_rows(latest),
            total=latest.total,
            action="rubric.amend_copy",
        )
    return rubric


def rubric_publish(*, actor, rubric: Rubric) -> Rubric:
    """Freeze an amendment (version ≥ 2) so that it becomes the rubric scored against."""

    require_manager(actor, rubric.bloc_year)
    if rubric.version < 2:
        raise ValidationError({"__all__": ["Phiên bản đầu tiên được khóa khi phát động năm thi đua."]})
    problems = rubric_problems(rubric)
    if problems:
        raise ValidationError({"__all__": ["Chưa ban hành được bản sửa đổi:", *problems]})
    with transaction.atomic():
        rubric = _editable(rubric)
        rubric.frozen_at = timezone.now()
        rubric.save(update_fields=["frozen_at", "updated_at"])
        audit(
            actor=actor,
            action="rubric.publish",
            obj=rubric,
            after={"version": rubric.version},
            reason=rubric.amendment_reason,
        )
        # Later apps follow the new version in the same transaction (scoring moves the sheets
        # still being written).
        call_hooks("rubric_published", bloc_year=rubric.bloc_year, rubric=rubric, actor=actor)
    return rubric


def rubric_discard_amendment(*, actor, rubric: Rubric) -> None:
    require_manager(actor, rubric.bloc_year)
    if rubric.version < 2:
        raise ValidationError({"__all__": ["Chỉ hủy được bản sửa đổi chưa ban hành."]})
    with transaction.atomic():
        rubric = _editable(rubric)
        audit(actor=actor, action="rubric.discard", obj=rubric, before={"version": rubric.version})
        rubric.delete()


def rubric_import_xlsx(*, actor, rubric: Rubric, upload) -> Rubric:
    """Replace a draft rubric with the rows of an Excel file (layout in docs/cycles.md). Every row
    is checked first; one bad row refuses the whole file."""

    require_manager(actor, rubric.bloc_year)
    if rubric.is_frozen:
        raise ValidationError({"__all__": [FROZEN.format(v=rubric.version)]})
    contents = set(
        KeyContent.objects.filter(bloc_year_id=rubric.bloc_year_id).values_list("position", flat=True)
    )
    rows, total = parse_rubric_xlsx(upload, key_content_positions=contents)
    return rubric_replace_rows(
        actor=actor,
        rubric=rubric,
        rows=rows,
        total=total if total is not None else rubric.total,
        action="rubric.import",
        strict=True,
    )
