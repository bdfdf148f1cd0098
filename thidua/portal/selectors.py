"""Reads of the portal. Results pages read the scoring, conference and proposals apps through
their selectors (the portal is a leaf: nothing imports it)."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from thidua.conference.selectors import outcomes_for_year
from thidua.core.selectors import search_filter
from thidua.core.text import sort_key
from thidua.organisations.names import prefetch_names
from thidua.portal import public_awards
from thidua.portal.choices import ArticleStatus
from thidua.portal.models import Article, ExemplaryStory, ResultsPage
from thidua.proposals.selectors import published_exemplary_models
from thidua.scoring.selectors import ranking_for_year

logger = logging.getLogger(__name__)


def live_articles(*, category=None):
    qs = Article.objects.live().select_related("category", "cover")
    if category is not None:
        qs = qs.filter(category=category)
    return qs


def search_articles(*, query: str):
    return search_filter(live_articles(), query) if query.strip() else Article.objects.none()


def next_scheduled_at():
    """The next moment a scheduled article goes live (cached pages must expire then)."""
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__gt=timezone.now()).aggregate(
        t=Min("published_at")
    )["t"]


def editor_articles(*, status: str = "", query: str = ""):
    qs = Article.objects.select_related("category", "created_by").order_by("-updated_at")
    if status:
        qs = qs.filter(status=status)
    return search_filter(qs, query) if query else qs


def live_stories():
    return ExemplaryStory.objects.live().select_related("unit", "person")


# Exemplary models ---------------------------------------------------------------------------------
# Two sources share one public list: the proposals app's exemplary models once the office
# publishes them (with photos and the awards that recognised them), and the editors' own stories.


@dataclass(frozen=True)
class ExemplaryEntry:
    """One exemplary model as the public list shows it, whichever app it comes from."""

    title: str
    url: str
    subject: str
    year: int | None
    summary: str
    published_at: dt.datetime | None
    photo_url: str = ""
    photo_caption: str = ""


def published_models():
    """The proposals app's published exemplary models, newest publication first."""

    return published_exemplary_models()


def published_model(*, key):
    """A published exemplary model by its UUID, or None (unpublished and unknown look alike)."""
    return published_models().filter(uuid=key).first()


def published_photo(*, code):
    """A photo of a published exemplary model, or None."""
    model = published_models().filter(photos__code=code).first()
    if model is None:
        return None
    return next((p for p in model.photos.all() if p.code == code), None)


def model_subject(model) -> str:
    """The collective's name, or the person's name, position and unit; the unit's name is the one
    valid in the model's year (units are renamed)."""
    if model.unit_id:
        return _name(model.unit, model.year)
    person = model.person
    role = f", {person.position}" if person.position else ""
    return f"{person.full_name}{role} – {_name(person.unit, model.year)}"


def _story_subject(story) -> str:
    parts = [story.person.full_name] if story.person else []
    if story.unit:
        parts.append(_name(story.unit, story.year) if story.year else story.unit.name)
    return " – ".join(parts)


def _model_entry(model) -> ExemplaryEntry:
    photo = next(iter(model.photos.all()), None)
    return ExemplaryEntry(
        title=model.title,
        url=reverse("portal:exemplary_model", args=[model.uuid]),
        subject=model_subject(model),
        year=model.year,
        summary=Truncator(model.story).chars(240),
        published_at=model.published_at,
        photo_url=reverse("portal:exemplary_photo", args=[photo.code]) if photo else "",
        photo_caption=photo.caption if photo else "",
    )


def _story_entry(story) -> ExemplaryEntry:
    return ExemplaryEntry(
        title=story.title,
        url=story.get_absolute_url(),
        subject=_story_subject(story),
        year=story.year,
        summary=story.summary,
        published_at=story.published_at,
    )


def exemplary_entries(*, limit: int | None = None) -> list[ExemplaryEntry]:
    """Published exemplary models and stories together, the most recently published first."""
    models, stories = published_models(), live_stories()
    if limit is not None:
        models, stories = models[:limit], stories[:limit]
    entries = [_model_entry(m) for m in models] + [_story_entry(s) for s in stories]
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    entries.sort(key=lambda e: e.published_at or oldest, reverse=True)
    return entries[:limit] if limit is not None else entries


def published_results():
    return (
        ResultsPage.objects.filter(is_published=True)
        .select_related("bloc_year__bloc", "bloc_year__leader")
        .prefetch_related(prefetch_names("bloc_year__leader"))
    )


def results_for(*, page: ResultsPage) -> dict:
    """Members and leader of the year, the ranking, the conference outcomes and the decided awards."""
    bloc_year = page.bloc_year
    year = bloc_year.year
    members = sorted(
        (
            _name(m.unit, year)
            for m in bloc_year.members.select_related("unit").prefetch_related(prefetch_names())
        ),
        key=sort_key,
    )
    leader = _name(bloc_year.leader, year) if bloc_year.leader else None
    data = {"members": members, "leader": leader, "ranking": None, "outcomes": None}
    data["ranking"] = list(ranking_for_year(bloc_year=bloc_year))
    data["outcomes"] = outcomes_for_year(bloc_year=bloc_year)
    # Under the public register's rules: not revoked, individuals only with their consent.
    data["awarded"] = public_awards.decided_for_bloc_year(bloc_year=bloc_year)
    if data["ranking"]:
        data["ranking"] = [_row(r, year) for r in data["ranking"]]
        scored = [r for r in data["ranking"] if r["final_score"] is not None]
        data["chart"] = {
            "labels": [r["short_name"] or r["unit"] for r in scored],
            "scores": [float(r["final_score"]) for r in scored],
        }
    if data["outcomes"] is not None:
        data["outcomes"] = _outcome_items(data["outcomes"], year)
    return data


def _get(row, name):
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


def _name(unit, year: int) -> str:
    """The unit's name valid in that year (units are renamed; past results keep the old name)."""
    name_in_year = getattr(unit, "name_in_year", None)
    return name_in_year(year) if name_in_year else str(unit)


def _row(row, year: int) -> dict:
    names = ("rank", "final_score", "tied", "classification", "leading", "explanation")
    data = {name: _get(row, name) for name in names}
    unit = _get(row, "unit")
    data["unit"] = _name(unit, year)
    short_name_in_year = getattr(unit, "short_name_in_year", None)
    data["short_name"] = (
        short_name_in_year(year) if short_name_in_year else getattr(unit, "short_name", "") or ""
    )
    data["classification"] = getattr(data["classification"], "label", data["classification"])
    return data


def _outcome_items(outcomes, year: int) -> list[tuple[str, list[str]]]:
    """Conference outcomes grouped by kind: [(label, ["unit (votes/base phiếu)", ...])]."""
    groups: dict[str, list[str]] = {}
    for outcome in outcomes:
        display = getattr(outcome, "get_kind_display", None)
        label = display() if display else str(_get(outcome, "kind") or "")
        unit = _get(outcome, "unit")
        if unit is None:
            text = str(outcome)
        else:
            text = _name(unit, year)
            if _get(outcome, "votes") is not None and _get(outcome, "base"):
                text += f" ({_get(outcome, 'votes')}/{_get(outcome, 'base')} phiếu)"
        groups.setdefault(label, []).append(text)
    return list(groups.items())
