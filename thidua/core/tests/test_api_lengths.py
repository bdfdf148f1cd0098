"""API input lengths (issue 18 item 6): every request-body text that lands in a bounded column
carries the column's maxLength in the OpenAPI document, and a longer value is answered 422 with the
project's error shape and a Vietnamese "Dài quá N ký tự" message before anything is written (on
PostgreSQL it used to be a 500 from the database)."""

import pytest
from django.apps import apps
from django.db import connection

from config.api import api
from thidua.organisations.models import Person, Unit
from thidua.portal.models import Article
from thidua.proposals.models import Decision

pytestmark = pytest.mark.django_db

# Request-body schema -> (model, properties stored in its bounded columns); ("prop", "column") when
# the names differ. A schema whose text properties are stored nowhere bounded (references by code,
# reasons kept in text columns, passwords, file names) is listed in UNBOUNDED.
BOUNDED = {
    "AgreementIn": ("cycles.Agreement", ["signed_place"]),
    "ArticleIn": ("portal.Article", ["title", "author_name", "slug"]),
    "ArticlePatch": ("portal.Article", ["title", "author_name", "slug"]),
    "AwardIn": (
        "awards.Award",
        ["code", "name", "kind", "subject", "authority", "authority_vertical", "default_nature"],
    ),
    "BallotIn": ("conference.Ballot", ["title"]),
    "BallotPatch": ("conference.Ballot", ["title"]),
    "BlocIn": ("organisations.Bloc", ["code", "name", "short_name", "sector", "organiser"]),
    "BlocPatch": ("organisations.Bloc", ["code", "name", "short_name", "sector", "organiser"]),
    "CouncilSessionIn": ("proposals.CouncilSession", ["title"]),
    "ConferenceIn": ("conference.Conference", ["venue", "chair_name", "secretary_name"]),
    "ConferencePatch": ("conference.Conference", ["venue", "chair_name", "secretary_name"]),
    "DecisionIn": (
        "proposals.Decision",
        ["number", "signer_name", "signer_title", "authority", "authority_name"],
    ),
    "DissolveIn": ("organisations.UnitNameRecord", ["decision_ref"]),
    "GridIn": ("awards.AwardRecord", ["decision_number"]),
    "MergeIn": ("organisations.UnitNameRecord", ["decision_ref"]),
    "RenameIn": (
        "organisations.UnitNameRecord",
        [("new_name", "name"), ("new_short_name", "short_name"), "decision_ref"],
    ),
    "EntryIn": (
        "awards.RuleEntry",
        ["rule", "article", "council_ratio", "council_article", "deadline", "deadline_article"],
    ),
    "EntryPatch": (
        "awards.RuleEntry",
        ["rule", "article", "council_ratio", "council_article", "deadline", "deadline_article"],
    ),
    "ExemplaryIn": ("proposals.ExemplaryModel", ["title"]),
    "ExemplaryPatch": ("proposals.ExemplaryModel", ["title"]),
    "ForwardIn": ("proposals.Proposal", [("letter_number", "forward_letter")]),
    "ItemIn": ("cycles.RubricItem", ["code", "title"]),
    "ItemPatch": ("cycles.RubricItem", ["code", "title"]),
    "KeyContentIn": ("cycles.KeyContent", ["title"]),
    "KeyContentPatch": ("cycles.KeyContent", ["title"]),
    "MemberHeadIn": ("organisations.BlocYearMember", ["head_name", "head_title"]),
    "SignatureIn": ("organisations.BlocYearMember", ["head_name", "head_title"]),
    "MovementIn": ("cycles.Movement", ["title"]),
    "MovementPatch": ("cycles.Movement", ["title"]),
    "PackCopyIn": ("awards.RulePack", ["code", "name"]),
    "PackPatch": ("awards.RulePack", ["name"]),
    "PersonIn": ("organisations.Person", ["full_name", "position"]),
    "PersonPatch": ("organisations.Person", ["full_name", "position"]),
    "ProgrammeIn": ("cycles.Programme", ["name"]),
    "ProgrammePatch": ("cycles.Programme", ["name"]),
    "ProposalIn": ("proposals.Proposal", ["vote_note", "ground_justification"]),
    "ProposalPatch": ("proposals.Proposal", ["vote_note", "ground_justification"]),
    "RatingIn": ("awards.PerformanceRating", ["rating"]),
    "RecordIn": ("awards.AwardRecord", ["decision_number", "decided_by", "note"]),
    "SalaryIn": ("awards.BaseSalary", ["legal_ref"]),
    "ServicePeriodIn": ("awards.ServicePeriod", ["note"]),  # unit: a code looked up
    # Revocation of awards (issue 20 item 4, helper H6) ---------------------------------------------
    "RevocationIn": ("awards.Revocation", ["decision_number", "decided_by", "ground", "reason"]),
    "RecoveryPaymentIn": ("awards.RecoveryPayment", ["note"]),
    # -------------------------------------------------------------------------------------------------
    "SecretaryIn": (
        "accounts.User",
        ["username", ("new_username", "username"), "full_name", "position", "email"],
    ),
    "TokenIn": ("accounts.ApiToken", ["name"]),
    "UnitIn": ("organisations.Unit", ["code", "name", "short_name", "parent_body"]),
    "UnitPatch": ("organisations.Unit", ["code", "name", "short_name", "parent_body"]),
    "UserIn": ("accounts.User", ["username", "full_name", "email", "position", "phone"]),
    "UserPatch": ("accounts.User", ["full_name", "email", "position", "phone"]),
}
UNBOUNDED = {
    "AdvanceIn",  # action: a choice; reason: audit text column
    "AssignIn",
    "BlocYearIn",
    "EvidenceJsonIn",  # a file name, stored shortened like every uploaded file's name
    "ImportIn",  # idem
    "LeadershipIn",
    "MembersIn",
    "ModerationIn",  # scoring: points and a reason kept in a text column
    "MoveIn",
    "OwnPasswordIn",
    "PassesIn",
    "CouncilBallotIn",  # a choice (agree / disagree), checked by the service
    "ReceiptCheckIn",  # a receipt code looked up, never stored (max_length 16 in its schema)
    "PasswordIn",  # hashed before it is stored
    "ReasonIn",
    "ReassignIn",
    "RegulationsIn",
    "RestoreIn",
    "ReviewIn",
    "RotationIn",
    "RoundIn",
    "ScoreIn",
    "SettingsIn",
    "SubmitIn",
    "TotalIn",
    "TransitionIn",
    "UnitsIn",
    "VoteIn",
    # Statutory statistics (issue 20 items 2–3, helper H5b) ------------------------------------------
    "StatisticsCorrectionIn",  # a sent report's correction: its reason, kept in a text column
    # -------------------------------------------------------------------------------------------------
}

# Text columns the database bounds (a TextField's max_length only sizes its form widget).
COLUMNS = {"CharField", "SlugField", "EmailField", "URLField"}

# Properties named like a bounded column that is not where they are stored.
NOT_STORED = {"UserIn": {"password"}}  # hashed


def _request_bodies(document):
    """{schema name: [operation, …]} for every JSON request body of the API."""
    bodies: dict[str, list[str]] = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                schema = content["schema"]
                refs = [schema["$ref"]] if "$ref" in schema else []
                refs += [p["$ref"] for p in schema.get("properties", {}).values() if "$ref" in p]
                for ref in refs:
                    bodies.setdefault(ref.rsplit("/", 1)[-1], []).append(f"{method.upper()} {path}")
    return bodies


def _string_variant(prop: dict) -> dict | None:
    for variant in [prop, *prop.get("anyOf", [])]:
        if variant.get("type") == "string" and "format" not in variant:
            return variant
    return None


def test_every_bounded_text_of_every_request_body_has_the_columns_max_length():
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    bodies = _request_bodies(document)
    unclassified = [
        name
        for name in bodies
        if name not in BOUNDED
        and name not in UNBOUNDED
        and any(_string_variant(p) for p in components[name].get("properties", {}).values())
    ]
    assert not unclassified, (
        f"request bodies with text to classify here (BOUNDED or UNBOUNDED): {unclassified}"
    )
    assert set(BOUNDED) <= set(bodies), set(BOUNDED) - set(bodies)
    missing = []
    for name, (label, props) in BOUNDED.items():
        model = apps.get_model(label)
        properties = components[name]["properties"]
        for prop in props:
            prop, column = prop if isinstance(prop, tuple) else (prop, prop)
            limit = model._meta.get_field(column).max_length
            variant = _string_variant(properties[prop])
            if variant is None or variant.get("maxLength") != limit:
                missing.append(
                    f"{name}.{prop}: maxLength {variant and variant.get('maxLength')} ≠ {label}.{column} {limit}"
                )
    assert not missing, missing
    # Any request-body text property named like a bounded column of its model is covered too.
    for name, (label, props) in BOUNDED.items():
        model = apps.get_model(label)
        named = {p if isinstance(p, str) else p[0] for p in props} | NOT_STORED.get(name, set())
        for prop, schema in components[name]["properties"].items():
            field = next((f for f in model._meta.concrete_fields if f.name == prop), None)
            if _string_variant(schema) and field is not None and field.get_internal_type() in COLUMNS:
                assert prop in named, f"{name}.{prop} maps to bounded {label}.{prop}: list it in BOUNDED"


def _too_long(response, field: str, limit: int):
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"][field][0].startswith(f"Dài quá {limit} ký tự"), body
    assert field in body["detail"] and f"Dài quá {limit} ký tự" in body["detail"]


def check_person_create(client_for):
    before = Person.objects.count()
    response = client_for("provincial").post(
        "/api/v1/people",
        {"full_name": "A" * 151, "gender": "nam", "unit": "TAND"},
        content_type="application/json",
    )
    _too_long(response, "full_name", 150)
    assert Person.objects.count() == before


def check_unit_update(client_for):
    unit = Unit.objects.get(code="TAND")
    response = client_for("provincial").patch(
        "/api/v1/units/TAND", {"name": "Tòa " * 64}, content_type="application/json"
    )
    _too_long(response, "name", 255)
    assert Unit.objects.get(pk=unit.pk).name == unit.name


def check_article_create(client_for):
    before = Article.objects.count()
    response = client_for("editor").post(
        "/api/v1/portal/editor/articles",
        {"title": "Tin", "author_name": "B" * 151, "category": "hoat-dong-khoi-thi-dua"},
        content_type="application/json",
    )
    _too_long(response, "author_name", 150)
    assert Article.objects.count() == before


def check_decision_create(client_for):
    before = Decision.objects.count()
    response = client_for("provincial").post(
        "/api/v1/decisions",
        {
            "number": "1" * 61,
            "date": "2020-01-22",
            "signer_name": "Nguyễn Văn Hải",
            "signer_title": "Chủ tịch",
            "authority": "provincial_chairman",
            "authority_name": "Ủy ban nhân dân tỉnh",
            "proposals": [],
        },
        content_type="application/json",
    )
    _too_long(response, "number", 60)
    assert Decision.objects.count() == before


CHECKS = [check_person_create, check_unit_update, check_article_create, check_decision_create]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__.removeprefix("check_"))
def test_an_over_long_value_is_422_in_vietnamese_and_stores_nothing(world, client_for, check):
    check(client_for)


@pytest.mark.postgres
@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__.removeprefix("check_"))
def test_an_over_long_value_is_422_on_postgresql(world, client_for, check):
    if connection.vendor != "postgresql":
        pytest.skip("needs a real PostgreSQL server (DATABASE_URL=postgres://…)")
    check(client_for)


def test_other_input_errors_use_the_same_shape(world, client_for):
    response = client_for("provincial").post(
        "/api/v1/people", {"gender": "nam"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"]["full_name"] == ["Thiếu trường bắt buộc."]
