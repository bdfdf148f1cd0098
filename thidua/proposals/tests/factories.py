"""Factories for award proposals and commendation decisions (factory-boy).

    p = ProposalFactory(bloc_year=by)                       # a member unit, provincial certificate
    ProposalFactory(individual=True, approved=True)         # a person of a member unit, passed by the Council
    ProposalFactory(unit=tand, award__code="co_tinh", submitted=True)
    DecisionFactory(proposals=[p])                          # items with cash, history records, p decided

Rows are written directly: no eligibility check, no transitions, no audit. Awards are the
catalogue's (``award__code``), as in ``thidua.awards.tests.factories``."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from thidua.accounts.tests.factories import UserFactory
from thidua.awards.choices import Authority, SubjectKind
from thidua.awards.quotas import base_salary_on, cash_amount
from thidua.awards.tests.factories import CERTIFICATE, AwardFactory, AwardRecordFactory
from thidua.organisations.tests.factories import BlocYearFactory, PersonFactory, UnitFactory, ensure_member
from thidua.proposals.choices import ProposalStatus, Source
from thidua.proposals.models import Decision, DecisionItem, Proposal


def _subject_kind(o) -> str:
    return SubjectKind.INDIVIDUAL if o.factory_parent.person else SubjectKind.COLLECTIVE


class ProposalFactory(DjangoModelFactory):
    """A draft proposal of a bloc year (2024 by default) for a provincial certificate. The
    subject is a new unit unless ``person`` is given (``individual=True``: a new person); the
    unit, or the person's unit, is made a member of the bloc year. Traits ``submitted``,
    ``received``, ``approved`` (with the Council's vote) and ``checked`` (found eligible)."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    bloc_year = factory.SubFactory(BlocYearFactory)
    person = None
    unit = factory.Maybe("person", yes_declaration=None, no_declaration=factory.SubFactory(UnitFactory))
    award = factory.SubFactory(
        AwardFactory, code=factory.LazyAttribute(lambda o: CERTIFICATE[_subject_kind(o)])
    )
    year = factory.SelfAttribute("bloc_year.year")
    status = ProposalStatus.DRAFT
    source = Source.MANUAL
    achievement_report = "Đơn vị hoàn thành xuất sắc nhiệm vụ chính trị được giao trong năm."

    class Params:
        individual = factory.Trait(person=factory.SubFactory(PersonFactory))
        checked = factory.Trait(eligible=True, checked_at=factory.LazyFunction(timezone.now))
        submitted = factory.Trait(status=ProposalStatus.SUBMITTED)
        received = factory.Trait(status=ProposalStatus.RECEIVED)
        approved = factory.Trait(
            status=ProposalStatus.APPROVED,
            council_yes=13,
            council_members=15,
            council_ratio="4/5",
            council_voted_on=factory.LazyAttribute(lambda o: dt.date(o.year + 1, 1, 8)),
        )

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            ensure_member(obj.bloc_year, obj.unit or obj.person.unit)


class DecisionFactory(DjangoModelFactory):
    """A decision of the provincial chairman dated 15/01/2025, entered by the provincial office,
    its base salary read from the table. ``proposals=[...]`` adds an item per proposal with its cash (the pack in force on the
    date), writes the award into history as the service does, and marks the proposal decided."""

    class Meta:
        model = Decision
        skip_postgeneration_save = True

    # Numbers far from the demo's (its decisions are numbered like real ones, 125/QĐ-UBND…).
    number = factory.Sequence(lambda n: f"{n + 9000}/QĐ-UBND")
    date = dt.date(2025, 1, 15)
    signer_name = "Nguyễn Văn Thắng"
    signer_title = "Chủ tịch"
    authority = Authority.PROVINCIAL_CHAIRMAN
    authority_name = "Ủy ban nhân dân tỉnh"
    base_salary = factory.LazyAttribute(lambda o: base_salary_on(o.date).amount)
    created_by = factory.SubFactory(UserFactory, provincial=True)

    @factory.post_generation
    def proposals(obj, create, extracted, **kwargs):
        if not create:
            return
        for proposal in extracted or []:
            cash = cash_amount(award=proposal.award, decision_date=obj.date)
            record = AwardRecordFactory(
                award=proposal.award,
                unit=proposal.unit,
                person=proposal.person,
                year=proposal.year,
                decision_number=obj.number,
                decision_date=obj.date,
                decided_by=obj.authority_name,
                note=f"Theo đề nghị của {proposal.bloc_year.bloc.name} năm {proposal.year}",
            )
            DecisionItem.objects.create(
                decision=obj,
                proposal=proposal,
                coefficient=cash.coefficient,
                amount=cash.amount,
                award_record_id=record.pk,
            )
            proposal.status = ProposalStatus.DECIDED
            proposal.save(update_fields=["status", "updated_at"])
