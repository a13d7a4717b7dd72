"""Editors manage announcements; authors may look at them (pressoffice/roles.py).

Adds to the groups rather than setting them whole, so it composes with any other migration
that changes roles."""

from django.db import migrations

GRANTS = {
    "Редакторы": ("add_event", "change_event", "delete_event", "view_event"),
    "Авторы": ("view_event",),
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        found = Permission.objects.filter(content_type__app_label="events", codename__in=codenames)
        if found.count() != len(codenames):
            raise LookupError(f"Missing permissions for events.event: {codenames}")
        group.permissions.add(*found)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="events"))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("pressoffice", "0004_publish_permission"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
