from django.db import migrations

from pressoffice.roles import migrate_roles

ALL = ("add", "change", "delete", "view")
# The roles as they stood when this migration was written; later ones extend them.
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
    "Авторы": {
        ("articles", "article"): ("add", "change", "view"),
        ("articles", "block"): ("add", "change", "delete", "view"),
        ("articles", "photo"): ("add", "change", "delete", "view"),
        ("articles", "topic"): ("view",),
        ("people", "person"): ("view",),
        ("regions", "region"): ("view",),
    },
    "Модераторы": {("articles", "article"): ("view",)},
}


def forwards(apps, schema_editor):
    migrate_roles(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("pressoffice", "0001_initial"),
        ("articles", "0001_initial"),
        ("people", "0001_initial"),
        ("regions", "0002_load_regions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
