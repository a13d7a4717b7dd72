"""The first text of the rules of re-publication, and the press officers' role."""

from django.db import migrations

from pressoffice.roles import migrate_roles

ALL = ("add", "change", "delete", "view")
ROLES = {
    "Пресс-секретари": {
        ("press", "accreditationrequest"): ("change", "delete", "view"),
        ("press", "contact"): ALL,
        ("press", "officehours"): ALL,
        ("press", "republicationrules"): ("add", "change", "view"),
        ("press", "channel"): ALL,
    },
}

RULES = """Материалы сайта можно перепечатывать и цитировать без отдельного разрешения при условии ссылки на сайт. В интернете ссылка должна быть активной и вести на страницу материала.

Фотографии публикуются с подписью и именем автора, указанными на сайте. Изменять смысл текстов и цитат, а также кадрировать фотографии так, чтобы менялось их содержание, нельзя.

Вопросы о перепечатке и запросы на комментарии направляйте в пресс-службу по контактам, указанным на этой странице."""


def forwards(apps, schema_editor):
    rules = apps.get_model("press", "RepublicationRules")
    if not rules.objects.exists():
        rules.objects.create(pk=1, text=RULES)
    migrate_roles(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("press", "0001_initial"),
        ("pressoffice", "0004_publish_permission"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
