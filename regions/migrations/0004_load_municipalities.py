from django.db import migrations

from regions.loading import load_municipalities


def forwards(apps, schema_editor):
    load_municipalities(apps.get_model("regions", "Region"))


def backwards(apps, schema_editor):
    apps.get_model("regions", "Region").objects.filter(kind="municipality").delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0003_municipalities")]

    operations = [migrations.RunPython(forwards, backwards)]
