"""Revocation of awards, Law 06/2022 chapter VII (issue 20)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0010_statistics_method"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Revocation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                ("decision_number", models.CharField(max_length=60, verbose_name="số quyết định thu hồi")),
                ("decision_date", models.DateField(db_index=True, verbose_name="ngày quyết định thu hồi")),
                ("decided_by", models.CharField(max_length=255, verbose_name="cơ quan quyết định thu hồi")),
                (
                    "ground",
                    models.CharField(
                        choices=[
                            ("fraud", "Gian dối trong việc kê khai công trạng, thành tích (Điều 93.2.a)"),
                            (
                                "false_records",
                                "Cung cấp thông tin sai sự thật hoặc làm giả hồ sơ, giấy tờ (Điều 93.2.b)",
                            ),
                            (
                                "unlawful_review",
                                "Thẩm định, xét, duyệt, đề nghị trái quy định của pháp luật (Điều 93.2.c)",
                            ),
                            (
                                "violation_found",
                                "Có kết luận, quyết định, bản án về vi phạm dẫn đến không bảo đảm tiêu chuẩn "
                                "(Điều 93.2.d)",
                            ),
                        ],
                        max_length=20,
                        verbose_name="căn cứ",
                    ),
                ),
                ("reason", models.CharField(max_length=1000, verbose_name="lý do")),
                (
                    "cash_to_recover",
                    models.PositiveBigIntegerField(
                        default=0, verbose_name="số tiền thưởng phải thu hồi (đồng)"
                    ),
                ),
                (
                    "certificate_recovered",
                    models.BooleanField(default=False, verbose_name="đã thu hồi hiện vật khen thưởng"),
                ),
                (
                    "certificate_recovered_on",
                    models.DateField(blank=True, null=True, verbose_name="ngày thu hồi hiện vật"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "record",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="revocation",
                        to="awards.awardrecord",
                        verbose_name="quyết định khen thưởng bị hủy bỏ",
                    ),
                ),
            ],
            options={
                "verbose_name": "quyết định thu hồi khen thưởng",
                "verbose_name_plural": "thu hồi khen thưởng",
                "ordering": ["-decision_date", "-id"],
            },
        ),
        migrations.CreateModel(
            name="RecoveryPayment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("amount", models.PositiveBigIntegerField(verbose_name="số tiền đã thu (đồng)")),
                ("paid_on", models.DateField(verbose_name="ngày thu")),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="ghi chú")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="ghi lúc")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "revocation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="payments",
                        to="awards.revocation",
                        verbose_name="quyết định thu hồi",
                    ),
                ),
            ],
            options={
                "verbose_name": "lần thu hồi tiền thưởng",
                "verbose_name_plural": "các lần thu hồi tiền thưởng",
                "ordering": ["paid_on", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="revocation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("certificate_recovered", True),
                    ("certificate_recovered_on__isnull", True),
                    _connector="OR",
                ),
                name="revocation_certificate_date_only_when_recovered",
            ),
        ),
        migrations.AddConstraint(
            model_name="recoverypayment",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gt", 0)), name="recovery_amount_positive"
            ),
        ),
    ]
