import logging

from django.core.management.base import BaseCommand, CommandError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from thidua.core import dbwait
from thidua.core.worker import serve

log = logging.getLogger("thidua.core.worker")


class Command(BaseCommand):
    help = (
        "Chạy một tiến trình xử lý nền: các tác vụ trong hàng đợi (nhập tệp, lập hồ sơ…), lịch chạy "
        "định kỳ (đếm lượt xem, xuất bản hẹn giờ) và dọn dẹp sau các tiến trình bị dừng đột ngột. "
        "Chạy bao nhiêu tiến trình, trên bao nhiêu máy chủ cũng được."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0.5, help="Giây chờ giữa hai lần xem hàng đợi khi rảnh."
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="schedule",
            help="Không đưa các tác vụ định kỳ vào hàng đợi.",
        )
        parser.add_argument(
            "--wait-seconds",
            type=float,
            default=None,
            help="Khi khởi động, chờ cơ sở dữ liệu tối đa bấy nhiêu giây (mặc định: "
            "THIDUA_DB_WAIT_SECONDS, hoặc 300), thử lại sau 1, 2, 4… tối đa 15 giây.",
        )

    def handle(
        self, *args, interval: float, schedule: bool, wait_seconds: float | None, verbosity: int, **options
    ):
        if verbosity < 2:
            # A line per task start and end (a view-count flush every 2 s) only when asked (-v 2).
            for name in ("django_tasks", "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            raise CommandError(
                "TASKS['default'] không dùng hàng đợi trong cơ sở dữ liệu (django_tasks_db.DatabaseBackend)."
            )
        # Started before the database (boot, a PostgreSQL restart): wait instead of exiting.
        try:
            dbwait.wait_for_database(
                timeout=dbwait.wait_seconds() if wait_seconds is None else wait_seconds, say=log.warning
            )
        except dbwait.DatabaseUnavailable as exc:
            raise CommandError("Không kết nối được cơ sở dữ liệu.") from exc
        serve(interval=interval, schedule=schedule)
