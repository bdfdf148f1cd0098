from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    PROVINCIAL_OFFICER = "provincial_officer", _("Cán bộ Phòng TĐKT (Sở Nội vụ)")
    BLOC_SECRETARY = "bloc_secretary", _("Thư ký khối (cán bộ đơn vị trưởng khối)")
    UNIT_OFFICER = "unit_officer", _("Cán bộ thi đua đơn vị")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
    PORTAL_EDITOR = "portal_editor", _("Biên tập viên cổng thông tin")
