"""Models of the awards app, one module per sub-domain (catalogue and rules, history, imports).

Later work (proposals, dossiers, decisions) adds modules here and re-exports them."""

from thidua.awards.models.catalogue import Award, BaseSalary, RuleEntry, RulePack
from thidua.awards.models.history import (
    AwardRecord,
    Initiative,
    PerformanceRating,
    ServicePeriod,
    SubjectFlag,
)
from thidua.awards.models.imports import ImportJob
from thidua.awards.models.revocation import RecoveryPayment, Revocation, RevocationGround

__all__ = [
    "Award",
    "AwardRecord",
    "BaseSalary",
    "ImportJob",
    "Initiative",
    "PerformanceRating",
    "RecoveryPayment",
    "Revocation",
    "RevocationGround",
    "RuleEntry",
    "RulePack",
    "ServicePeriod",
    "SubjectFlag",
]
