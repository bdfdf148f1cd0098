"""Signed PDF copies and their verification reports (issue 14)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations: list = [
        migrations.AddField(
            model_name="generateddocument",
            name="issued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ban hành lúc"),
        ),
        migrations.CreateModel(
            name="SignedCopy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "uuid",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, unique=True, verbose_name="mã bản ký"
                    ),
                ),
                ("path", models.CharField(editable=False, max_length=500, verbose_name="đường dẫn lưu trữ")),
                ("file_name", models.CharField(max_length=255, verbose_name="tên tệp")),
                ("size", models.PositiveIntegerField(default=0, verbose_name="dung lượng (byte)")),
                ("sha256", models.CharField(max_length=64, verbose_name="mã băm SHA-256")),
                ("verified", models.BooleanField(default=False, verbose_name="đã xác minh")),
                ("reason_code", models.CharField(max_length=30, verbose_name="kết quả")),
                ("reason", models.TextField(verbose_name="kết luận xác minh")),
                ("report", models.JSONField(default=dict, verbose_name="báo cáo xác minh")),
                ("signer_name", models.CharField(blank=True, max_length=255, verbose_name="người ký")),
                ("signed_at", models.DateTimeField(blank=True, null=True, verbose_name="thời điểm ký")),
                (
                    "issuer",
                    models.CharField(blank=True, max_length=255, verbose_name="tổ chức cấp chứng thư số"),
                ),
                ("serial", models.CharField(blank=True, max_length=80, verbose_name="số hiệu chứng thư số")),
                ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="tải lên lúc")),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signed_copies",
                        to="documents.generateddocument",
                        verbose_name="văn bản",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người tải lên",
                    ),
                ),
            ],
            options={
                "verbose_name": "bản đã ký số",
                "verbose_name_plural": "bản đã ký số",
                "ordering": ["-uploaded_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("document", "sha256"), name="documents_signedcopy_once_per_file"
                    )
                ],
            },
        ),
    ]
