"""ImportJob becomes a thidua.core.models.Job: rows counted as done/total (renamed, data kept),
the task result and worker noted, a longer phase."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_dossier_article"),
    ]

    operations = [
        migrations.RenameField(model_name="importjob", old_name="total_rows", new_name="total"),
        migrations.RenameField(model_name="importjob", old_name="processed_rows", new_name="done"),
        migrations.AlterField(
            model_name="importjob",
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="cần xử lý"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="phase",
            field=models.CharField(blank=True, max_length=300, verbose_name="giai đoạn"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="task_id",
            field=models.CharField(blank=True, max_length=64, verbose_name="mã tác vụ"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="worker",
            field=models.CharField(blank=True, max_length=64, verbose_name="tiến trình xử lý"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="bắt đầu lúc"),
        ),
    ]
