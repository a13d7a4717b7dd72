from django.contrib.auth.management import create_permissions
from django.db import migrations

from pressoffice.roles import sync_roles

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
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("pressoffice", "0002_staff_roles"),
        ("comments", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
