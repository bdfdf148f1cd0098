"""Every page and API operation of the conference × every persona.

The 2019 conference of Khối Nội chính (demo) is run by the THADS secretariat (``secretary``),
the provincial office and the administrator; member units' officers and council members may
read it; the portal editor sees nothing (404). Delegates' pages work by token, without login;
receipts are public once a ballot is closed."""

from thidua.conference import services
from thidua.conference.models import Ballot, Conference
from thidua.core.testing import CREATED, DENIED, HIDDEN, LOGIN, OK, REDIRECT, UNAUTH, Case
from thidua.organisations.models import Unit

VIEW_PAGE = {"editor": HIDDEN, "anonymous": LOGIN}
MANAGE_PAGE = {"admin": OK, "provincial": OK, "secretary": OK, "anonymous": LOGIN}
MANAGE_POST = {"admin": REDIRECT, "provincial": REDIRECT, "secretary": REDIRECT, "anonymous": LOGIN}
VIEW_API = {"editor": HIDDEN, "anonymous": UNAUTH}
MANAGE_API = {"admin": OK, "provincial": OK, "secretary": OK, "editor": HIDDEN, "anonymous": UNAUTH}
MANAGE_API_CREATED = MANAGE_API | {"admin": CREATED, "provincial": CREATED, "secretary": CREATED}


def conf(w) -> Conference:
    return Conference.objects.get(pk=w.ctx["conference_2019"])


def cid(w) -> str:
    return str(w.ctx["conference_2019"])


def demo_ballot(w, kind="government_flag") -> Ballot:
    return Ballot.objects.get(conference_id=w.ctx["conference_2019"], kind=kind, round=1)


def draft(w) -> Ballot:
    return services.ballot_create(
        actor=w.admin, conference=conf(w), kind="question", title="Thông qua chương trình"
    )


def opened(w) -> Ballot:
    return services.ballot_open(actor=w.admin, ballot=draft(w))


def with_paper(w) -> Ballot:
    ballot = opened(w)
    services.paper_issue(actor=w.admin, ballot=ballot, units=[Unit.objects.get(code="CA")])
    return ballot


def with_batch(w) -> Ballot:
    ballot = with_paper(w)
    services.paper_batch_count(actor=w.admin, ballot=ballot, number=1, ballots=1, counts={"yes": 1})
    return ballot


def tied(w) -> Ballot:
    """A closed ballot where 4 votes against 4 leave the seat to a runoff."""
    c = conf(w)
    ballot = services.ballot_create(actor=w.admin, conference=c, kind="certificate")
    services.ballot_open(actor=w.admin, ballot=ballot)
    for i, p in enumerate(c.passes.select_related("unit")):
        services.vote_cast(token=p.token, ballot=ballot, choices=["TAND" if i % 2 else "VKSND"])
    return services.ballot_close(actor=w.admin, ballot=ballot)


def token(w) -> str:
    return conf(w).passes.get(unit__code="TAND").token


SEE_OTHER = 303
BATCH = {"ballots": 1, "invalid": 0, "abstain": 0, "counts": {"yes": 1}}

CASES = [
    Case("conference:index", lambda w: "/hoi-nghi/", default=OK, expect={"anonymous": LOGIN}),
    # The current year is run by SNV's secretariat: THADS's secretary may not open its conference.
    Case(
        "conference:create",
        lambda w: f"/hoi-nghi/khoi/KNC/{w.ctx['current_year']}/tao/",
        default=HIDDEN,
        expect={"admin": OK, "provincial": OK, "anonymous": LOGIN},
    ),
    Case("conference:detail", lambda w: f"/hoi-nghi/{cid(w)}/", default=OK, expect=VIEW_PAGE),
    Case("conference:edit", lambda w: f"/hoi-nghi/{cid(w)}/sua/", default=HIDDEN, expect=MANAGE_PAGE),
    Case(
        "conference:prefill",
        lambda w: f"/hoi-nghi/{cid(w)}/dien-lai/",
        method="POST",
        default=HIDDEN,
        expect=MANAGE_POST,
    ),
    Case(
        "conference:attendance",
        lambda w: f"/hoi-nghi/{cid(w)}/diem-danh/",
        default=HIDDEN,
        expect=MANAGE_PAGE,
    ),
    Case(
        "conference:passes", lambda w: f"/hoi-nghi/{cid(w)}/the-bo-phieu/", default=HIDDEN, expect=MANAGE_PAGE
    ),
    Case(
        "conference:pass_qr",
        lambda w: f"/hoi-nghi/{cid(w)}/the-bo-phieu/TAND.svg",
        default=HIDDEN,
        expect=MANAGE_PAGE,
    ),
    Case("conference:minutes", lambda w: f"/hoi-nghi/{cid(w)}/bien-ban.docx", default=OK, expect=VIEW_PAGE),
    Case(
        "conference:count_minutes",
        lambda w: f"/hoi-nghi/{cid(w)}/bien-ban-kiem-phieu.docx",
        default=OK,
        expect=VIEW_PAGE,
    ),
    Case(
        "conference:ballot_create",
        lambda w: f"/hoi-nghi/{cid(w)}/bieu-quyet/them/",
        default=HIDDEN,
        expect=MANAGE_PAGE,
    ),
    Case(
        "conference:ballot_detail",
        lambda w: f"/hoi-nghi/bieu-quyet/{demo_ballot(w).pk}/",
        default=OK,
        expect=VIEW_PAGE,
    ),
    Case(
        "conference:ballot_detail",
        lambda w: f"/hoi-nghi/bieu-quyet/{with_paper(w).pk}/",
        default=OK,
        expect=VIEW_PAGE,
    ),
    Case(
        "conference:ballot_edit",
        lambda w: f"/hoi-nghi/bieu-quyet/{draft(w).pk}/sua/",
        default=HIDDEN,
        expect=MANAGE_PAGE,
    ),
    Case(
        "conference:ballot_open",
        lambda w: f"/hoi-nghi/bieu-quyet/{draft(w).pk}/mo/",
        method="POST",
        default=HIDDEN,
        expect=MANAGE_POST,
    ),
    Case(
        "conference:ballot_close",
        lambda w: f"/hoi-nghi/bieu-quyet/{opened(w).pk}/ket-thuc/",
        method="POST",
        default=HIDDEN,
        expect=MANAGE_POST,
    ),
    Case(
        "conference:ballot_runoff",
        lambda w: f"/hoi-nghi/bieu-quyet/{tied(w).pk}/vong-sau/",
        method="POST",
        default=HIDDEN,
        expect=MANAGE_POST,
    ),
    Case(
        "conference:paper_issue",
        lambda w: f"/hoi-nghi/bieu-quyet/{opened(w).pk}/phat-phieu-giay/",
        method="POST",
        data=lambda w: {"units": [Unit.objects.get(code="CA").pk]},
        default=HIDDEN,
        expect=MANAGE_POST,
    ),
    Case(
        "conference:paper_count",
        lambda w: f"/hoi-nghi/bieu-quyet/{with_paper(w).pk}/tap-phieu/",
        method="POST",
        data=lambda w: {"number": 1, "ballots": 1, "invalid": 0, "abstain": 0, "count_yes": 1, "count_no": 0},
        default=HIDDEN,
        expect=MANAGE_POST,
    ),
    Case(
        "conference:paper_recount",
        lambda w: f"/hoi-nghi/bieu-quyet/{with_batch(w).pk}/tap-phieu/1/kiem-lai/",
        method="POST",
        data=lambda w: {"number": 1, "ballots": 1, "invalid": 0, "abstain": 0, "count_yes": 1, "count_no": 0},
        default=HIDDEN,
        expect=MANAGE_POST,
    ),
    Case(
        "conference:projector",
        lambda w: f"/hoi-nghi/bieu-quyet/{demo_ballot(w).pk}/trinh-chieu/",
        default=OK,
        expect=VIEW_PAGE,
    ),
    # Published receipts and the delegate's page need no account.
    Case("conference:receipts", lambda w: f"/hoi-nghi/bieu-quyet/{demo_ballot(w).pk}/bien-nhan/", default=OK),
    # The phone page carries no token: without the delegate's cookie it shows the code form.
    Case("conference:vote", lambda w: "/hoi-nghi/bo-phieu/", default=OK),
    Case(
        "conference:vote_enter",
        lambda w: "/hoi-nghi/bo-phieu/vao/",
        method="POST",
        data=lambda w: {"token": token(w)},
        default=SEE_OTHER,
    ),
    Case(
        "conference:vote_enter",
        lambda w: "/hoi-nghi/bo-phieu/vao/",
        method="POST",
        data=lambda w: {"token": "gia-mao"},
        default=DENIED,
    ),
    # The tally file: whoever may see the results, after closing only.
    Case(
        "conference:tally",
        lambda w: f"/hoi-nghi/bieu-quyet/{demo_ballot(w).pk}/kiem-phieu.json",
        default=OK,
        expect=VIEW_PAGE,
    ),
    Case(
        "conference:tally",
        lambda w: f"/hoi-nghi/bieu-quyet/{opened(w).pk}/kiem-phieu.json",
        default=DENIED,
        expect=VIEW_PAGE,
    ),
    # API --------------------------------------------------------------------------------------------
    Case(
        "GET /api/v1/conferences", lambda w: "/api/v1/conferences", default=OK, expect={"anonymous": UNAUTH}
    ),
    Case(
        "POST /api/v1/conferences",
        lambda w: "/api/v1/conferences",
        method="POST",
        data=lambda w: {
            "bloc": "KNC",
            "year": w.ctx["current_year"],
            "held_on": f"{w.ctx['current_year']}-12-05",
        },
        default=DENIED,
        expect={"admin": CREATED, "provincial": CREATED, "editor": HIDDEN, "anonymous": UNAUTH},
    ),
    Case(
        "GET /api/v1/conferences/{conference_id}",
        lambda w: f"/api/v1/conferences/{cid(w)}",
        default=OK,
        expect=VIEW_API,
    ),
    Case(
        "PATCH /api/v1/conferences/{conference_id}",
        lambda w: f"/api/v1/conferences/{cid(w)}",
        method="PATCH",
        data=lambda w: {"causes": "Nguyên nhân chủ quan và khách quan."},
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "POST /api/v1/conferences/{conference_id}/prefill",
        lambda w: f"/api/v1/conferences/{cid(w)}/prefill",
        method="POST",
        data=lambda w: {"overwrite": False},
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "PUT /api/v1/conferences/{conference_id}/attendance",
        lambda w: f"/api/v1/conferences/{cid(w)}/attendance",
        method="PUT",
        data=lambda w: [{"unit": "STP", "present": True, "delegate_name": "Đỗ Thị Lan"}],
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "GET /api/v1/conferences/{conference_id}/passes",
        lambda w: f"/api/v1/conferences/{cid(w)}/passes",
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "POST /api/v1/conferences/{conference_id}/passes",
        lambda w: f"/api/v1/conferences/{cid(w)}/passes",
        method="POST",
        data=lambda w: {"reissue": []},
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "GET /api/v1/conferences/{conference_id}/minutes.docx",
        lambda w: f"/api/v1/conferences/{cid(w)}/minutes.docx",
        default=OK,
        expect=VIEW_API,
    ),
    Case(
        "GET /api/v1/conferences/{conference_id}/count-minutes.docx",
        lambda w: f"/api/v1/conferences/{cid(w)}/count-minutes.docx",
        default=OK,
        expect=VIEW_API,
    ),
    Case(
        "GET /api/v1/conference-outcomes/{bloc}/{year}",
        lambda w: "/api/v1/conference-outcomes/KNC/2019",
        default=OK,
        expect=VIEW_API,
    ),
    Case(
        "POST /api/v1/conferences/{conference_id}/ballots",
        lambda w: f"/api/v1/conferences/{cid(w)}/ballots",
        method="POST",
        data=lambda w: {"kind": "certificate", "seats": 2},
        default=DENIED,
        expect=MANAGE_API_CREATED,
    ),
    Case(
        "GET /api/v1/ballots/{ballot_id}",
        lambda w: f"/api/v1/ballots/{demo_ballot(w).pk}",
        default=OK,
        expect=VIEW_API,
    ),
    Case(
        "PATCH /api/v1/ballots/{ballot_id}",
        lambda w: f"/api/v1/ballots/{draft(w).pk}",
        method="PATCH",
        data=lambda w: {"title": "Thông qua chương trình hội nghị"},
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "POST /api/v1/ballots/{ballot_id}/open",
        lambda w: f"/api/v1/ballots/{draft(w).pk}/open",
        method="POST",
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "POST /api/v1/ballots/{ballot_id}/close",
        lambda w: f"/api/v1/ballots/{opened(w).pk}/close",
        method="POST",
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "POST /api/v1/ballots/{ballot_id}/runoff",
        lambda w: f"/api/v1/ballots/{tied(w).pk}/runoff",
        method="POST",
        default=DENIED,
        expect=MANAGE_API_CREATED,
    ),
    Case(
        "POST /api/v1/ballots/{ballot_id}/paper-issue",
        lambda w: f"/api/v1/ballots/{opened(w).pk}/paper-issue",
        method="POST",
        data=lambda w: {"units": ["CA"]},
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "GET /api/v1/ballots/{ballot_id}/paper-batches",
        lambda w: f"/api/v1/ballots/{with_batch(w).pk}/paper-batches",
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "POST /api/v1/ballots/{ballot_id}/paper-batches",
        lambda w: f"/api/v1/ballots/{with_paper(w).pk}/paper-batches",
        method="POST",
        data=lambda w: BATCH | {"number": 1},
        default=DENIED,
        expect=MANAGE_API_CREATED,
    ),
    Case(
        "POST /api/v1/ballots/{ballot_id}/paper-batches/{number}/recount",
        lambda w: f"/api/v1/ballots/{with_batch(w).pk}/paper-batches/1/recount",
        method="POST",
        data=lambda w: BATCH,
        default=DENIED,
        expect=MANAGE_API,
    ),
    Case(
        "GET /api/v1/ballots/{ballot_id}/results",
        lambda w: f"/api/v1/ballots/{demo_ballot(w).pk}/results",
        default=OK,
        expect=VIEW_API,
    ),
    # Before closing nobody reads results, the secretary included.
    Case(
        "GET /api/v1/ballots/{ballot_id}/results",
        lambda w: f"/api/v1/ballots/{opened(w).pk}/results",
        default=DENIED,
        expect=VIEW_API,
    ),
    Case(
        "GET /api/v1/ballots/{ballot_id}/receipts",
        lambda w: f"/api/v1/ballots/{demo_ballot(w).pk}/receipts",
        default=OK,
    ),
    Case(
        "POST /api/v1/ballots/{ballot_id}/receipts/check",
        lambda w: f"/api/v1/ballots/{demo_ballot(w).pk}/receipts/check",
        method="POST",
        data=lambda w: {"receipt": "AAAAA-BBBBB"},
        default=OK,
    ),
    Case(
        "GET /api/v1/ballots/{ballot_id}/tally",
        lambda w: f"/api/v1/ballots/{demo_ballot(w).pk}/tally",
        default=OK,
        expect=VIEW_API,
    ),
    Case(
        "GET /api/v1/ballots/{ballot_id}/tally",
        lambda w: f"/api/v1/ballots/{opened(w).pk}/tally",
        default=DENIED,
        expect=VIEW_API,
    ),
    # Without the X-Voter-Token header nobody, signed in or not, may use the delegate operations.
    Case("GET /api/v1/vote", lambda w: "/api/v1/vote", default=DENIED),
    Case(
        "POST /api/v1/vote",
        lambda w: "/api/v1/vote",
        method="POST",
        data=lambda w: {"ballot": str(opened(w).pk), "choices": ["yes"]},
        default=DENIED,
    ),
]
