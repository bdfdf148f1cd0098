from django.db import migrations


def install(apps, schema_editor):
    from thidua.awards import reference

    reference.install(
        apps.get_model("awards", "Award"),
        apps.get_model("awards", "RulePack"),
        apps.get_model("awards", "RuleEntry"),
        apps.get_model("awards", "BaseSalary"),
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
