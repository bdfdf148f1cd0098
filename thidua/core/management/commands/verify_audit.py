from django.core.management.base import BaseCommand, CommandError

from thidua.core.audit_chain import verify
from thidua.core.models import AuditChainHead, AuditEvent


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi mã băm của nhật ký thay đổi: báo bản ghi đầu tiên bị sửa, chèn hoặc xóa "
        "(mã thoát 1), hoặc xác nhận chuỗi còn nguyên vẹn."
    )

    def handle(self, *args, **options):
        events = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
        checked, broken, why = verify(events, AuditChainHead.objects.filter(pk=1).first())
        if broken is not None:
            raise CommandError(
                f"Nhật ký bị thay đổi tại bản ghi #{broken.id} "
                f"({broken.created_at:%d/%m/%Y %H:%M:%S}, {broken.action}, {broken.actor_name}): "
                f"{why}. {checked} bản ghi trước đó còn nguyên vẹn.",
                returncode=1,
            )
        if why:
            raise CommandError(f"Nhật ký bị thay đổi: {why}. {checked} bản ghi còn nguyên vẹn.", returncode=1)
        self.stdout.write(f"Chuỗi nhật ký nguyên vẹn: {checked} bản ghi.")
