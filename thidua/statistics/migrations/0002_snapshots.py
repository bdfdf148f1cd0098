"""Submitted statistical reports and their versions."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = False
    dependencies = [
        ("statistics", "0001_organisation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StatisticsReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="năm thống kê")),
                ("body_code", models.CharField(blank=True, max_length=30, verbose_name="mã đơn vị báo cáo")),
                ("body_name", models.CharField(max_length=255, verbose_name="đơn vị báo cáo")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
            ],
            options={
                "verbose_name": "báo cáo thống kê thi đua, khen thưởng",
                "verbose_name_plural": "báo cáo thống kê thi đua, khen thưởng",
                "ordering": ["-year", "body_code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "body_code"), name="statistics_report_one_per_year_body"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StatisticsReportVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(verbose_name="phiên bản")),
                ("forms", models.JSONField(verbose_name="các biểu đã chốt")),
                ("digest", models.CharField(max_length=64, verbose_name="mã kiểm tra số liệu")),
                ("reason", models.TextField(blank=True, verbose_name="lý do điều chỉnh")),
                ("submitted_at", models.DateTimeField(auto_now_add=True, verbose_name="chốt lúc")),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="versions",
                        to="statistics.statisticsreport",
                        verbose_name="báo cáo",
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người chốt",
                    ),
                ),
            ],
            options={
                "verbose_name": "phiên bản báo cáo thống kê",
                "verbose_name_plural": "phiên bản báo cáo thống kê",
                "ordering": ["report", "-number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("report", "number"), name="statistics_version_unique_number"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StatisticsExportJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Đang chờ"),
                            ("running", "Đang xử lý"),
                            ("succeeded", "Hoàn tất"),
                            ("failed", "Không thành công"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="trạng thái",
                    ),
                ),
                ("phase", models.CharField(blank=True, max_length=300, verbose_name="giai đoạn")),
                ("done", models.PositiveIntegerField(default=0, verbose_name="đã xử lý")),
                ("total", models.PositiveIntegerField(default=0, verbose_name="cần xử lý")),
                ("message", models.TextField(blank=True, verbose_name="thông báo")),
                ("errors", models.JSONField(blank=True, default=list, verbose_name="lỗi")),
                ("task_id", models.CharField(blank=True, max_length=64, verbose_name="mã tác vụ")),
                ("worker", models.CharField(blank=True, max_length=64, verbose_name="tiến trình xử lý")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="bắt đầu lúc")),
                (
                    "heartbeat_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="tín hiệu gần nhất"),
                ),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="kết thúc lúc")),
                ("year", models.PositiveSmallIntegerField(verbose_name="năm thống kê")),
                ("body_code", models.CharField(blank=True, max_length=30, verbose_name="mã đơn vị báo cáo")),
                ("body_name", models.CharField(max_length=255, verbose_name="đơn vị báo cáo")),
                ("file_format", models.CharField(max_length=10, verbose_name="định dạng")),
                ("form_code", models.CharField(blank=True, max_length=10, verbose_name="biểu")),
                ("file_name", models.CharField(blank=True, max_length=255, verbose_name="tên tệp")),
                ("content", models.BinaryField(blank=True, null=True, verbose_name="nội dung tệp")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người tạo",
                    ),
                ),
            ],
            options={
                "verbose_name": "lượt xuất báo cáo thống kê",
                "verbose_name_plural": "lượt xuất báo cáo thống kê",
                "ordering": ["-created_at", "-id"],
            },
        ),
    ]
