"""The audit log in Vietnamese: action codes as phrases, objects by their model's name, and
"before/after" as a list of changed fields with their labels and old → new values.

Each app describes its own actions in ``thidua/<app>/audit_labels.py``::

    ACTIONS = {"bloc_year.advance": "chuyển năm thi đua sang giai đoạn tiếp theo", ...}
    FIELDS = {"reissued": "Thẻ cấp lại"}  # optional: labels of keys that are not model fields
    VALUES = {"stage": {"review": "Thẩm định", ...}}  # optional: labels of coded values

Core finds these modules through the app registry, so it imports no later app.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from thidua.core.text import sort_key

# Endings shared by every background job (``thidua.core.jobs``: ``<job>.finish`` …).
JOB_ENDINGS = {
    "create": "tạo",
    "commit": "ghi kết quả",
    "finish": "hoàn tất",
    "fail": "báo lỗi",
    "crash": "dừng đột ngột",
    "interrupted": "bị gián đoạn",
}

CORE_ACTIONS = {
    "job.finish": "hoàn tất tác vụ nền",
    "job.fail": "ghi nhận lỗi của tác vụ nền",
    "job.crash": "ghi nhận tác vụ nền dừng đột ngột",
    "job.interrupted": "ghi nhận tác vụ nền bị gián đoạn",
    "system.alarm": "cảnh báo hệ thống (đĩa đầy, tệp mồ côi…)",
    "access.denied": "bị từ chối truy cập (403)",
    "access.not_found": "mở trang hoặc dữ liệu không có hoặc không thuộc quyền (404)",
    "download.file": "tải xuống tệp",
}
# Objects that are not rows: a page (security events) and the system (alarms).
TYPE_LABELS = {"core.page": "trang", "core.system": "hệ thống"}

EMPTY = "—"
# Bookkeeping columns nobody needs to read in a change list.
HIDDEN = {"id", "pk", "uuid", "created_at", "updated_at", "name_sort", "search_text"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@cache
def registry() -> tuple[dict[str, str], dict[str, str], dict[str, dict]]:
    """(action code → phrase, extra key → label, key → {code → label}) gathered from every
    app's ``audit_labels``."""
    actions, fields, values = dict(CORE_ACTIONS), {}, {}
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua.") or config.name == __package__:
            continue
        if not module_has_submodule(config.module, "audit_labels"):
            continue
        module = importlib.import_module(f"{config.name}.audit_labels")
        actions.update(getattr(module, "ACTIONS", {}))
        fields.update(getattr(module, "FIELDS", {}))
        values.update(getattr(module, "VALUES", {}))
    return actions, fields, values


def action_label(action: str) -> str | None:
    """The Vietnamese phrase of ``action``, or None when no app describes it."""
    return registry()[0].get(action)


def action_text(action: str) -> str:
    """The phrase shown to users; never the bare code of a described action."""
    return action_label(action) or f"thực hiện thao tác “{action}”"


def action_choices() -> list[tuple[str, str]]:
    """(code, phrase) of every described action, in alphabetical order of the phrase."""
    return sorted(registry()[0].items(), key=lambda kv: sort_key(kv[1]))


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def type_label(object_type: str) -> str:
    if object_type in TYPE_LABELS:
        return TYPE_LABELS[object_type]
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else "đối tượng"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    """One audit event as read by a person."""

    event: object
    phrase: str
    type_label: str
    changes: list[Change] = field(default_factory=list)
    known: bool = True

    @property
    def sentence(self) -> str:
        return f"{self.event.actor_name} {self.phrase}: {self.type_label} “{self.event.object_repr}”"


class _Formatter:
    """Formats stored values, fetching the objects that foreign keys point to once per page."""

    def __init__(self):
        self._objects: dict[tuple[type, str], str] = {}

    def related(self, model, pk) -> str:
        key = (model, str(pk))
        if key not in self._objects:
            obj = model._default_manager.filter(pk=pk).first()
            self._objects[key] = str(obj) if obj is not None else f"(đã xóa, mã {pk})"
        return self._objects[key]

    def value(self, value, model_field=None, key: str = "") -> str:
        if value is None or value == "" or value == [] or value == {}:
            return EMPTY
        coded = registry()[2].get(key)
        if coded and isinstance(value, str | int) and value in coded:
            return str(coded[value])
        if model_field is not None:
            if (
                model_field.is_relation
                and model_field.related_model is not None
                and not isinstance(value, list)
            ):
                return self.related(model_field.related_model, value)
            if model_field.choices:
                return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "có" if value else "không"
        if isinstance(value, str):
            if _ISO_DATETIME.match(value):
                try:
                    moment = dt.datetime.fromisoformat(value)
                except ValueError:
                    return value
                if timezone.is_aware(moment):
                    moment = timezone.localtime(moment)
                return moment.strftime("%d/%m/%Y %H:%M")
            if _ISO_DATE.match(value):
                return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            return value
        if isinstance(value, list):
            return ", ".join(self.value(v, key=key) for v in value)
        if isinstance(value, dict):
            extra = registry()[1]
            return "; ".join(f"{extra.get(k, k)}: {self.value(v, key=k)}" for k, v in value.items())
        return str(value)


def _fields_of(model) -> dict[str, models.Field]:
    if model is None:
        return {}
    found = {}
    for f in model._meta.concrete_fields:
        found[f.attname] = f
        found[f.name] = f
    return found


def changes(event, formatter: _Formatter | None = None) -> list[Change]:
    """The fields that differ between ``before`` and ``after``, with labels and readable values."""
    formatter = formatter or _Formatter()
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    extra = registry()[1]
    model_fields = _fields_of(_model(event.object_type))
    result = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        if old == new or key in HIDDEN:
            continue
        model_field = model_fields.get(key)
        if model_field is not None and model_field.primary_key:
            continue
        label = str(model_field.verbose_name) if model_field is not None else ""
        if model_field is None or label == model_field.name.replace("_", " "):
            # No Vietnamese verbose name: the app's label, else the key made readable.
            label = extra.get(key) or extra.get(key.removesuffix("_id")) or label or key.replace("_", " ")
        label = label[:1].upper() + label[1:]
        result.append(
            Change(label, formatter.value(old, model_field, key), formatter.value(new, model_field, key))
        )
    # Values stored as a bare list or number (not a dict of fields) are shown as they are.
    if not isinstance(event.before, dict | type(None)) or not isinstance(event.after, dict | type(None)):
        result.append(Change("Giá trị", formatter.value(event.before), formatter.value(event.after)))
    return result


def describe(events) -> list[Entry]:
    """Audit events as Vietnamese entries (phrase, object type, changed fields)."""
    formatter = _Formatter()
    entries = []
    for event in events:
        label = action_label(event.action)
        entries.append(
            Entry(
                event=event,
                phrase=label or action_text(event.action),
                type_label=type_label(event.object_type),
                changes=changes(event, formatter),
                known=label is not None,
            )
        )
    return entries
