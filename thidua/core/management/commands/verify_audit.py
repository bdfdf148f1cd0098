from django.core.management.base import BaseCommand, CommandError

from thidua.core.audit_chain import verify
from thidua.core.models import AuditChainHead, AuditEvent


def _events(batch: int = 2000):
    """Every event in id order, read in batches by id (no server-side cursor left open when the
    walk stops at a broken event)."""
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(id__gt=last).order_by("id")[:batch])
        yield from chunk
        if len(chunk) < batch:
            return
        last = chunk[-1].id


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi mã băm của nhật ký thay đổi: báo bản ghi đầu tiên bị sửa, chèn hoặc xóa "
        "(mã thoát 1), hoặc xác nhận chuỗi còn nguyên vẹn."
    )

    def handle(self, *args, **options):
        checked, broken, why = verify(_events(), AuditChainHead.objects.filter(pk=1).first())
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
