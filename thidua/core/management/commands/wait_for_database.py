from django.core.management.base import BaseCommand, CommandError

from thidua.core.dbwait import DatabaseUnavailable, wait_for_database, wait_seconds


class Command(BaseCommand):
    help = (
        "Chờ đến khi cơ sở dữ liệu trả lời (thử lại sau 1, 2, 4… tối đa 15 giây, ghi từng lần thử); "
        "lỗi sau --timeout giây (mặc định THIDUA_DB_WAIT_SECONDS hoặc 300). Dùng trước khi khởi động "
        "máy chủ (deploy/run-production)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=float,
            default=None,
            help="Số giây chờ tối đa (mặc định: THIDUA_DB_WAIT_SECONDS, hoặc 300).",
        )

    def handle(self, *args, timeout: float | None, **options):
        try:
            wait_for_database(
                timeout=wait_seconds() if timeout is None else timeout,
                say=lambda message: self.stderr.write(message),
            )
        except DatabaseUnavailable as exc:
            raise CommandError("Không kết nối được cơ sở dữ liệu.") from exc
