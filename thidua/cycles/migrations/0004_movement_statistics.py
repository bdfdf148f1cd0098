"""Statistics: launching level, scope, duration and mode of a movement (issue 20). Duration comes
from ``starts_on``/``ends_on`` and mode from ``kind``; two fields are new."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cycles", "0003_seed_programmes")]

    operations = [
        migrations.AddField(
            model_name="movement",
            name="launch_level",
            field=models.CharField(
                choices=[
                    ("central", "Cấp Trung ương (Hội đồng Thi đua – Khen thưởng Trung ương)"),
                    ("ministry_province", "Cấp bộ, ban, ngành, đoàn thể trung ương, tỉnh, thành phố"),
                    ("agency", "Cơ quan, tổ chức, đơn vị"),
                ],
                default="agency",
                max_length=20,
                verbose_name="cấp chủ trì phát động",
            ),
        ),
        migrations.AddField(
            model_name="movement",
            name="scope",
            field=models.CharField(
                choices=[
                    ("national", "Toàn quốc"),
                    ("ministry_province", "Bộ, ban, ngành, đoàn thể, địa phương"),
                    ("bloc", "Cụm, khối thi đua do Hội đồng Thi đua – Khen thưởng các cấp tổ chức"),
                    ("agency", "Cơ quan, tổ chức, đơn vị"),
                ],
                default="agency",
                max_length=20,
                verbose_name="phạm vi tổ chức thi đua",
            ),
        ),
    ]
