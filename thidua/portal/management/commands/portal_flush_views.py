from django.core.management.base import BaseCommand

from thidua.portal.counting import flush


class Command(BaseCommand):
    help = "Áp dụng các lượt xem đang chờ trong tệp đệm vào bộ đếm (an toàn khi chạy lặp lại)."

    def handle(self, *args, **options):
        result = flush()
        self.stdout.write(
            f"Đã xử lý {result['records']} bản ghi: {result['articles']} lượt xem bài, {result['visits']} lượt truy cập."
        )
