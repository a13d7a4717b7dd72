"""Staff roles: the groups and the permissions each holds.

The editorial-workflow and comments issues narrow the authors' and moderators' rights; this
module is the one place that says who may do what.
"""

EDITORS = "Редакторы"
AUTHORS = "Авторы"
MODERATORS = "Модераторы"
# The media section: contacts, rules, channels, and accreditation requests, which hold
# journalists' personal data (152-FZ): no other role sees them.
PRESS_OFFICERS = "Пресс-секретари"

_ALL = ("add", "change", "delete", "view")

ROLE_PERMISSIONS = {
    EDITORS: {
        ("articles", "article"): (*_ALL, "publish"),
        ("articles", "block"): _ALL,
        ("articles", "photo"): _ALL,
        ("articles", "topic"): _ALL,
        ("people", "person"): _ALL,
        ("people", "appointment"): _ALL,
        ("regions", "region"): _ALL,
        ("events", "event"): _ALL,
    },
    AUTHORS: {
        ("articles", "article"): ("add", "change", "view"),
        ("articles", "block"): ("add", "change", "delete", "view"),
        ("articles", "photo"): ("add", "change", "delete", "view"),
        ("articles", "topic"): ("view",),
        ("people", "person"): ("view",),
        ("regions", "region"): ("view",),
        ("events", "event"): ("view",),
    },
    MODERATORS: {
        ("comments", "comment"): ("view", "moderate"),
        ("comments", "commentreport"): ("view",),
        ("comments", "moderationdecision"): ("view",),
        ("comments", "stopword"): _ALL,
    },
    PRESS_OFFICERS: {
        ("press", "accreditationrequest"): ("change", "delete", "view"),
        ("press", "contact"): _ALL,
        ("press", "officehours"): _ALL,
        ("press", "republicationrules"): ("add", "change", "view"),
        ("press", "channel"): _ALL,
    },
}


def sync_roles(group_model, permission_model, roles=None):
    """Make each role's group hold exactly its permissions (``ROLE_PERMISSIONS`` by default;
    migrations pass the roles as they were when they were written)."""
    for name, grants in (ROLE_PERMISSIONS if roles is None else roles).items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = []
        for (app_label, model), actions in grants.items():
            codenames = [f"{action}_{model}" for action in actions]
            found = permission_model.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            if found.count() != len(codenames):
                raise LookupError(f"Missing permissions for {app_label}.{model}: {codenames}")
            wanted.extend(found)
        group.permissions.set(wanted)


def migrate_roles(apps, roles):
    """For data migrations: create the permissions now (Django makes them only after all
    migrations have run) and set the groups to ``roles``, frozen in the migration."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), roles)
