from django.db import migrations

PROGRAMMES = [
    (
        "Nghị quyết Trung ương 4 (khóa XII) về tăng cường xây dựng, chỉnh đốn Đảng",
        "Ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, "
        "những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ.",
    ),
    (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị.",
    ),
    (
        "Các phong trào thi đua do Tỉnh ủy, Ủy ban nhân dân tỉnh phát động",
        "Các phong trào thi đua theo chuyên đề, theo đợt do tỉnh và từng ngành phát động.",
    ),
]


def seed(apps, schema_editor):
    Programme = apps.get_model("cycles", "Programme")
    for position, (name, description) in enumerate(PROGRAMMES, start=1):
        Programme.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("cycles", "0002_programme_agreement_regulations_stagetransition_and_more")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
