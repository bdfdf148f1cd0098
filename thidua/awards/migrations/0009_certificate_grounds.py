"""The certificates of merit may be proposed on any one of their grounds (Law 06/2022 Art 73, 74;
Law 2003 Art 71, 72): the seed packs' entries list the grounds besides the checkable one."""

from django.db import migrations


def forwards(apps, schema_editor):
    from thidua.awards import reference

    reference.set_certificate_grounds(
        apps.get_model("awards", "RulePack"), apps.get_model("awards", "RuleEntry")
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0008_authority_vertical_women_priority")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
