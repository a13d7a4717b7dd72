from django.db import migrations

from pressoffice.roles import migrate_roles

ALL = ("add", "change", "delete", "view")
ROLES = {
    "Редакторы": {
        ("articles", "article"): ALL,
        ("articles", "block"): ALL,
        ("articles", "photo"): ALL,
        ("articles", "topic"): ALL,
        ("people", "person"): ALL,
        ("people", "appointment"): ALL,
        ("regions", "region"): ALL,
    },
    "Модераторы": {
        ("comments", "comment"): ("view", "moderate"),
        ("comments", "commentreport"): ("view",),
        ("comments", "moderationdecision"): ("view",),
        ("comments", "stopword"): ALL,
    },
}


def forwards(apps, schema_editor):
    migrate_roles(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("pressoffice", "0002_staff_roles"),
        ("comments", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
