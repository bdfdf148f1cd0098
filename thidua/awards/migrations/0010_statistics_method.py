"""Statistics: the method of an award (issue 20): ``Nature`` gains foreign, dedication, seniority
and resistance (none of them merit-based)."""

from django.db import migrations, models

NATURE = [
    ("merit", "Thường xuyên (theo công trạng)"),
    ("thematic", "Theo chuyên đề"),
    ("extraordinary", "Đột xuất"),
    ("foreign", "Đối ngoại"),
    ("dedication", "Quá trình cống hiến"),
    ("seniority", "Niên hạn"),
    ("resistance", "Kháng chiến"),
]


class Migration(migrations.Migration):
    dependencies = [("awards", "0009_certificate_grounds"), ("organisations", "0003_statistics_subjects")]

    operations = [
        migrations.AlterField(
            model_name="award",
            name="default_nature",
            field=models.CharField(
                choices=NATURE, default="merit", max_length=20, verbose_name="tính chất thường gặp"
            ),
        ),
        migrations.AlterField(
            model_name="awardrecord",
            name="nature",
            field=models.CharField(choices=NATURE, default="merit", max_length=20, verbose_name="tính chất"),
        ),
    ]
