from django.apps import AppConfig

from thidua.core.periodic import Periodic


class CoreConfig(AppConfig):
    name = "thidua.core"
    verbose_name = "Lõi hệ thống"
    # Hourly: forget finished task results and old scheduler slots (thidua.core.tasks.prune).
    periodic_tasks = [Periodic("core.prune", task="thidua.core.tasks.prune", every=3600)]

    def ready(self):
        # Cycle-breaker: registers the extension-point and periodic-task checks once apps are loaded.
        from thidua.core import hooks, scheduler  # noqa: F401
