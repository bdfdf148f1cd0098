"""System check of the signature trust list (issue 14): when signed PDFs are required, a trust
list that is empty or unreadable would refuse every upload, so ``manage.py check`` says so."""

from django.conf import settings
from django.core import checks

from thidua.documents.signatures import trust_list_problems


@checks.register()
def check_trust_list(app_configs=None, **kwargs) -> list:
    if not getattr(settings, "THIDUA_SIGNATURES_REQUIRED", False):
        return []
    return [
        checks.Warning(
            problem,
            hint="Set THIDUA_TRUST_ROOTS to the national root CA and the providers' certificates "
            "(docs/deployment.md, 'Chữ ký số').",
            id="thidua.W140",
        )
        for problem in trust_list_problems(getattr(settings, "THIDUA_TRUST_ROOTS", []))
    ]
