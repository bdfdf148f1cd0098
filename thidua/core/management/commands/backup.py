from django.core.management.base import BaseCommand, CommandError

from thidua.core.backups import BackupError, create_backup, prune


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (SQLite: API sao lưu trực tuyến; PostgreSQL: pg_dump -Fc) cùng các tệp "
        "tải lên và văn bản đã tạo (MEDIA_ROOT, PRIVATE_STORAGE_ROOT) vào một thư mục hoặc tệp .tar có "
        "manifest.json và SHA256SUMS. Xem docs/deployment.md, mục Backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="thư mục chứa các bản sao lưu")
        parser.add_argument("--tar", action="store_true", help="đóng gói thành một tệp .tar")
        parser.add_argument(
            "--keep", type=int, default=0, help="giữ N bản mới nhất, xóa bản cũ hơn (0: giữ tất cả)"
        )
        parser.add_argument("--database", default="default", help="bí danh trong DATABASES")

    def handle(self, *args, **options):
        try:
            path = create_backup(options["output"], alias=options["database"], as_tar=options["tar"])
            removed = prune(options["output"], options["keep"]) if options["keep"] else []
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã sao lưu: {path}")
        for old in removed:
            self.stdout.write(f"Đã xóa bản cũ: {old}")
