"""Runs every app's demo loader in INSTALLED_APPS order.

An app takes part by naming a loader on its AppConfig: ``demo_loader = "thidua.x.demo.load"``.
Each loader receives the context filled by the loaders before it and must be safe to run twice."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

# Passwords printed for the demo (README, load_demo): refused at sign-in where the demo is not
# allowed (production settings), so a demo account copied into production cannot be used.
PUBLISHED_PASSWORDS = frozenset({"ThiDua@2019"})
DEMO_REFUSED = (
    "Không nạp dữ liệu mẫu: cấu hình đang chạy là cấu hình vận hành thật (THIDUA_DEMO_ALLOWED tắt); "
    "tài khoản mẫu có mật khẩu đã công bố."
)


def run_demo_loaders(*, stdout=None) -> dict:
    if not getattr(settings, "THIDUA_DEMO_ALLOWED", False):
        raise ImproperlyConfigured(DEMO_REFUSED)
    context: dict = {}
    for config in apps.get_app_configs():
        loader = getattr(config, "demo_loader", None)
        if loader:
            import_string(loader)(context=context, stdout=stdout)
    return context
