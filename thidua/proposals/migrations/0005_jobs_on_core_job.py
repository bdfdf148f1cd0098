"""DossierJob and ProposalImportJob become thidua.core.models.Job: progress as done/total (renamed,
data kept), the task result and worker noted, a longer phase."""

from django.db import migrations, models


def _job_fields(model_name):
    return [
        migrations.AlterField(
            model_name=model_name,
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="cần xử lý"),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="done",
            field=models.PositiveIntegerField(default=0, verbose_name="đã xử lý"),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="errors",
            field=models.JSONField(blank=True, default=list, verbose_name="lỗi"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="task_id",
            field=models.CharField(blank=True, max_length=64, verbose_name="mã tác vụ"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="worker",
            field=models.CharField(blank=True, max_length=64, verbose_name="tiến trình xử lý"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="bắt đầu lúc"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_central_forward"),
    ]

    operations = [
        migrations.RenameField(model_name="dossierjob", old_name="total_steps", new_name="total"),
        migrations.RenameField(model_name="dossierjob", old_name="done_steps", new_name="done"),
        *_job_fields("dossierjob"),
        migrations.RenameField(model_name="proposalimportjob", old_name="total_rows", new_name="total"),
        migrations.RenameField(model_name="proposalimportjob", old_name="processed_rows", new_name="done"),
        migrations.AlterField(
            model_name="proposalimportjob",
            name="phase",
            field=models.CharField(blank=True, max_length=300, verbose_name="giai đoạn"),
        ),
        *_job_fields("proposalimportjob"),
    ]
