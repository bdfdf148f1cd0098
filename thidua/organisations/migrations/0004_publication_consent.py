"""The recipient's consent to publish an individual award record (issues 14, 20)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_statistics_subjects")]

    operations: list = [
        migrations.AddField(
            model_name="person",
            name="publication_consent",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Cá nhân đồng ý công khai họ tên và khen thưởng của mình trên cổng thông tin "
                    "(tra cứu khen thưởng, trang xác thực bằng khen, giấy khen)."
                ),
                verbose_name="đồng ý công bố khen thưởng",
            ),
        ),
    ]
