from django.apps import AppConfig

from thidua.core.periodic import Periodic


class CoreConfig(AppConfig):
    name = "thidua.core"
    verbose_name = "Lõi hệ thống"
    # Hourly: forget finished task results and old scheduler slots (thidua.core.tasks.prune).
    # Hourly: forget the idempotency keys of create requests older than a day.
    periodic_tasks = [
        Periodic("core.prune", task="thidua.core.tasks.prune", every=3600),
        Periodic("core.idempotency_prune", task="thidua.core.tasks.idempotency_prune", every=3600),
        # Hourly: orphan and missing uploaded files, logged and alarmed (manage.py check_files).
        Periodic("core.check_files", task="thidua.core.files.check_files", every=3600),
    ]

    def ready(self):
        # Cycle-breaker: registers the extension-point and periodic-task checks once apps are loaded.
        from thidua.core import hooks, scheduler  # noqa: F401
