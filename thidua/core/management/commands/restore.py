from django.core.management.base import BaseCommand, CommandError

from thidua.core.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của manage.py backup (thư mục hoặc .tar): kiểm tra mã SHA-256 và "
        "migration, khôi phục vào cơ sở dữ liệu TRỐNG (--force: xóa và ghi đè), khôi phục tệp, rồi đối "
        "chiếu số dòng từng bảng và mã kiểm tra từng tệp với manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="thư mục thidua-backup-… hoặc tệp .tar")
        parser.add_argument("--force", action="store_true", help="ghi đè cơ sở dữ liệu và tệp đã có")
        parser.add_argument("--database", default="default", help="bí danh trong DATABASES")

    def handle(self, *args, **options):
        try:
            report = restore_backup(options["archive"], alias=options["database"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã khôi phục {report.archive} ({report.vendor}): {report.tables} bảng, {report.rows} dòng, "
            f"{report.files} tệp; số dòng và mã kiểm tra khớp với manifest."
        )
        if report.pending_migrations:
            self.stdout.write(
                f"Mã nguồn có {len(report.pending_migrations)} migration mới hơn bản sao lưu: "
                "chạy manage.py migrate trước khi khởi động dịch vụ."
            )
