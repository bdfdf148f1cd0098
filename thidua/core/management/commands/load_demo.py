from django.core.management.base import BaseCommand

from thidua.core.demo import run_demo_loaders


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (Khối Nội chính năm 2019 và năm hiện tại) và in tài khoản demo."

    def handle(self, *args, **options):
        context = run_demo_loaders(stdout=self.stdout)
        logins = context.get("logins", [])
        if logins:
            self.stdout.write("")
            self.stdout.write(f"Tài khoản demo (mật khẩu chung: {context.get('password', '')})")
            for username, description in logins:
                self.stdout.write(f"  {username:<16} {description}")
            self.stdout.write("")
