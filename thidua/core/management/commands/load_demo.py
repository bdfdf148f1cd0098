from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from thidua.core.demo import run_demo_loaders


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (Khối Nội chính: năm 2019 đã có quyết định khen thưởng, năm 2020 và năm "
        "hiện tại đang tự chấm điểm) và in tài khoản demo. Chạy lại không nạp trùng."
    )

    def handle(self, *args, **options):
        try:
            context = run_demo_loaders(stdout=self.stdout)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        logins = context.get("logins", [])
        if logins:
            self.stdout.write("")
            self.stdout.write(f"Tài khoản demo (mật khẩu chung: {context.get('password', '')})")
            for username, description in logins:
                self.stdout.write(f"  {username:<16} {description}")
            self.stdout.write("Đăng nhập tại /tai-khoan/dang-nhap/.")
            self.stdout.write(
                "Xác thực hai bước: tùy chọn trong bản demo, bật tại /tai-khoan/xac-thuc-hai-buoc/ "
                "(ứng dụng xác thực quét mã QR); bắt buộc với các vai trò trong THIDUA_2FA_REQUIRED_ROLES."
            )
            self.stdout.write("")
