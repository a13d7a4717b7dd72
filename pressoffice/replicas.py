"""Read replicas, for when one PostgreSQL is no longer enough (docs/deploy.md).

Set ``DATABASE_REPLICA_URLS`` (comma-separated) and the production settings add each as
``replica1``, ``replica2``…, this router and this middleware. Reads of anonymous GET requests go
to a replica; writes, and every read of a request that may write or is made by someone signed in
(staff in the admin, a reader posting a comment), stay on the primary, so nobody reads a lagging
replica right after their own change. Migrations run on the primary only.
"""

import contextvars
import random

from django.conf import settings

PRIMARY = "default"
_pinned = contextvars.ContextVar("pressoffice_primary_only", default=False)


def replicas():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        choices = replicas()
        if not choices or _pinned.get():
            return PRIMARY
        return random.choice(choices)  # noqa: S311 (load spreading, not security)

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PrimaryForWritersMiddleware:
    """Pin a request to the primary when it may write or comes with a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writer = request.method not in ("GET", "HEAD", "OPTIONS") or (
            settings.SESSION_COOKIE_NAME in request.COOKIES
        )
        token = _pinned.set(writer)
        try:
            return self.get_response(request)
        finally:
            _pinned.reset(token)


def configure(databases, urls, *, conn_max_age):
    """Add one alias per replica URL; returns (routers, middleware) to install."""
    import dj_database_url

    for number, url in enumerate(urls, start=1):
        alias = f"replica{number}"
        databases[alias] = dj_database_url.parse(
            url, conn_max_age=conn_max_age, conn_health_checks=True
        )
        databases[alias]["TEST"] = {"MIRROR": PRIMARY}
    if not urls:
        return [], []
    return ["pressoffice.replicas.ReplicaRouter"], [
        "pressoffice.replicas.PrimaryForWritersMiddleware"
    ]
