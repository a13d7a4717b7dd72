from django.db import migrations

from regions.loading import load_municipalities


def forwards(apps, schema_editor):
    """Ulyanovsk oblast's municipalities (regions/data/municipalities/RU-ULY.json) on databases
    where 0004 already ran: loading every file again creates the new rows and leaves the others
    as they are (it creates or updates by slug)."""
    load_municipalities(apps.get_model("regions", "Region"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0004_load_municipalities")]

    # Backwards leaves the rows: 0004's backwards removes every municipality.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
