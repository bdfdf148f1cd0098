from django.core.management.base import BaseCommand

from thidua.core.files import check_and_report


class Command(BaseCommand):
    help = (
        "Kiểm tra tệp tải lên: tệp trên đĩa không thuộc bản ghi nào (mồ côi) và bản ghi trỏ tới tệp "
        "không còn (thiếu). Ghi nhật ký và báo cho quản trị (nhật ký hệ thống) khi có. Tệp tạm của "
        "lần tải lên dở dang quá một giờ được xoá (trừ khi có --no-clean)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-clean", action="store_true", help="không xoá tệp tạm cũ")
        parser.add_argument("--verbose-list", action="store_true", help="liệt kê từng tệp")

    def handle(self, *args, **options):
        result = check_and_report(clean=not options["no_clean"])
        self.stdout.write(
            f"Tệp mồ côi: {len(result.orphans)}; bản ghi thiếu tệp: {len(result.missing)}; "
            f"tệp tạm: {len(result.temporaries)} (đã xoá {result.removed_temporaries})."
        )
        if options["verbose_list"]:
            for path in result.orphans:
                self.stdout.write(f"  mồ côi: {path}")
            for label, path in result.missing:
                self.stdout.write(f"  thiếu: {label} {path}")
        if result.orphans or result.missing:
            raise SystemExit(1)
