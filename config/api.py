from ninja import NinjaAPI

from thidua.accounts.api import router as accounts_router
from thidua.accounts.auth import API_AUTH
from thidua.awards.api import router as awards_router
from thidua.conference.api import router as conference_router
from thidua.core.api import install_error_handlers
from thidua.core.api import router as core_router
from thidua.core.openapi import finish
from thidua.cycles.api import router as cycles_router
from thidua.documents.api import router as documents_router
from thidua.organisations.api import router as organisations_router
from thidua.portal.api import router as portal_router
from thidua.proposals.api import router as proposals_router
from thidua.scoring.api import router as scoring_router
from thidua.statistics.api import router as statistics_router


class ThiDuaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return finish(super().get_openapi_schema(*args, **kwargs))


api = ThiDuaAPI(
    title="ThiDua API",
    version="1",
    description=(
        "API của ThiDua: mọi thao tác trên giao diện đều làm được qua API. "
        "Xác thực bằng phiên đăng nhập (kèm CSRF) hoặc mã truy cập: `Authorization: Bearer td_…`."
    ),
    auth=API_AUTH,
    urls_namespace="api",
)
install_error_handlers(api)
for router in (
    core_router,
    accounts_router,
    organisations_router,
    documents_router,
    cycles_router,
    scoring_router,
    awards_router,
    conference_router,
    proposals_router,
    statistics_router,
    portal_router,
):
    api.add_router("/", router)
