from django.db import migrations

from pressoffice.roles import migrate_roles

ALL = ("add", "change", "delete", "view")
ROLES = {
    "Редакторы": {
        ("articles", "article"): (*ALL, "publish"),
        ("articles", "block"): ALL,
        ("articles", "photo"): ALL,
        ("articles", "topic"): ALL,
        ("people", "person"): ALL,
        ("people", "appointment"): ALL,
        ("regions", "region"): ALL,
    },
}


def forwards(apps, schema_editor):
    migrate_roles(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("pressoffice", "0003_comment_moderation_roles"),
        ("articles", "0003_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
