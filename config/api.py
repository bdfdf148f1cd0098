from ninja import NinjaAPI

from thidua.accounts.api import router as accounts_router
from thidua.core.api import AUTH, install_error_handlers
from thidua.core.api import router as core_router
from thidua.organisations.api import router as organisations_router

api = NinjaAPI(
    title="ThiDua API",
    version="1",
    description=(
        "API của ThiDua: mọi thao tác trên giao diện đều làm được qua API. "
        "Xác thực bằng phiên đăng nhập (kèm CSRF) hoặc mã truy cập: `Authorization: Bearer td_…`."
    ),
    auth=AUTH,
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", core_router)
api.add_router("/", accounts_router)
api.add_router("/", organisations_router)
