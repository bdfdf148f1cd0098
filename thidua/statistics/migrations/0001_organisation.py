"""The emulation organisation and its staff (forms 0604.N, 0605.N)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("organisations", "0003_statistics_subjects")]

    operations = [
        migrations.CreateModel(
            name="EmulationCouncil",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                ("name", models.CharField(max_length=255, verbose_name="tên hội đồng")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("province", "Hội đồng Thi đua – Khen thưởng cấp tỉnh"),
                            (
                                "department",
                                "Hội đồng Thi đua – Khen thưởng sở, ban, ngành, đoàn thể cấp tỉnh",
                            ),
                            ("commune", "Hội đồng Thi đua – Khen thưởng cấp xã"),
                            ("agency", "Hội đồng Thi đua – Khen thưởng cơ quan, tổ chức, đơn vị"),
                        ],
                        max_length=20,
                        verbose_name="cấp",
                    ),
                ),
                ("members", models.PositiveIntegerField(default=0, verbose_name="số thành viên")),
                ("women_members", models.PositiveIntegerField(default=0, verbose_name="trong đó nữ")),
                (
                    "decision_ref",
                    models.CharField(
                        blank=True, max_length=255, verbose_name="quyết định thành lập / kiện toàn"
                    ),
                ),
                ("established_on", models.DateField(verbose_name="ngày thành lập")),
                ("dissolved_on", models.DateField(blank=True, null=True, verbose_name="ngày giải thể")),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.unit",
                        verbose_name="cơ quan, đơn vị",
                    ),
                ),
            ],
            options={
                "verbose_name": "hội đồng thi đua – khen thưởng",
                "verbose_name_plural": "hội đồng thi đua – khen thưởng",
                "ordering": ["level", "name", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("dissolved_on__isnull", True),
                            ("dissolved_on__gte", models.F("established_on")),
                            _connector="OR",
                        ),
                        name="stat_council_dates_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("women_members__lte", models.F("members"))),
                        name="stat_council_women_le_members",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="EmulationStaff",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                ("full_name", models.CharField(max_length=150, verbose_name="họ và tên")),
                ("is_female", models.BooleanField(default=False, verbose_name="nữ")),
                (
                    "position",
                    models.CharField(
                        choices=[
                            ("leader", "Lãnh đạo (trưởng, phó ban/phòng)"),
                            ("senior", "Chuyên viên chính và tương đương trở lên"),
                            ("specialist", "Chuyên viên và tương đương"),
                            ("other", "Khác"),
                        ],
                        max_length=20,
                        verbose_name="vị trí",
                    ),
                ),
                (
                    "training",
                    models.CharField(
                        choices=[
                            ("postgraduate", "Sau đại học"),
                            ("university", "Đại học"),
                            ("college", "Cao đẳng, trung cấp"),
                            ("other", "Khác"),
                        ],
                        max_length=20,
                        verbose_name="trình độ đào tạo",
                    ),
                ),
                (
                    "mode",
                    models.CharField(
                        choices=[("full_time", "Chuyên trách"), ("part_time", "Kiêm nhiệm")],
                        default="full_time",
                        max_length=20,
                        verbose_name="chế độ làm việc",
                    ),
                ),
                (
                    "trained_in_emulation",
                    models.BooleanField(
                        default=False, verbose_name="đã bồi dưỡng nghiệp vụ thi đua, khen thưởng"
                    ),
                ),
                ("started_on", models.DateField(verbose_name="từ ngày")),
                ("ended_on", models.DateField(blank=True, null=True, verbose_name="đến ngày")),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.unit",
                        verbose_name="cơ quan, đơn vị",
                    ),
                ),
            ],
            options={
                "verbose_name": "người làm công tác thi đua, khen thưởng",
                "verbose_name_plural": "người làm công tác thi đua, khen thưởng",
                "ordering": ["position", "full_name", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("ended_on__isnull", True),
                            ("ended_on__gte", models.F("started_on")),
                            _connector="OR",
                        ),
                        name="stat_staff_dates_ordered",
                    )
                ],
            },
        ),
    ]
