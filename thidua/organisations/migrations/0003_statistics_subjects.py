"""Statistics: the object category of a person, enterprise/household subjects (issue 20)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_unitnamerecord_name_sort")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="category",
            field=models.CharField(
                blank=True,
                choices=[
                    ("leader_central", "Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên"),
                    ("leader_department", "Lãnh đạo cấp vụ, sở, ngành và tương đương"),
                    ("business", "Doanh nhân"),
                    ("leader_other", "Các cấp lãnh đạo khác từ phó phòng trở lên"),
                    ("worker", "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu"),
                ],
                help_text="Nhóm đối tượng cá nhân trong biểu thống kê khen thưởng 0602.N, 0603.N.",
                max_length=20,
                verbose_name="đối tượng (thống kê)",
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="kind",
            field=models.CharField(
                choices=[
                    ("party", "Cơ quan Đảng"),
                    ("state", "Cơ quan hành chính nhà nước"),
                    ("judicial", "Cơ quan tư pháp"),
                    ("armed", "Lực lượng vũ trang"),
                    ("mass", "Mặt trận, đoàn thể"),
                    ("locality", "Địa phương"),
                    ("enterprise", "Doanh nghiệp"),
                    ("household", "Hộ gia đình"),
                    ("other", "Khác"),
                ],
                default="state",
                max_length=20,
                verbose_name="loại đơn vị",
            ),
        ),
    ]
