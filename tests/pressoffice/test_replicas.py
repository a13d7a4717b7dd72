"""Read replicas: anonymous reads spread over replicas, writers stay on the primary."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from pressoffice import replicas
from tests.pressoffice.helpers import PRODUCTION_ENV, manage


@pytest.fixture
def two_replicas(monkeypatch):
    monkeypatch.setattr(replicas, "replicas", lambda: ["replica1", "replica2"])


def route_during(request):
    """The alias a read goes to while the middleware handles ``request``."""
    seen = []

    def view(request):
        seen.append(replicas.ReplicaRouter().db_for_read(Article))
        return HttpResponse()

    replicas.PrimaryForWritersMiddleware(view)(request)
    return seen[0]


def test_anonymous_reads_go_to_a_replica_and_writes_to_the_primary(two_replicas):
    router = replicas.ReplicaRouter()
    assert {router.db_for_read(Article) for _ in range(50)} == {"replica1", "replica2"}
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica1", "articles") is False


def test_requests_that_may_write_or_have_a_session_read_the_primary(two_replicas):
    factory = RequestFactory()
    assert route_during(factory.get("/")).startswith("replica")
    assert route_during(factory.post("/news/x/comment/")) == "default"
    signed_in = factory.get("/admin/")
    signed_in.COOKIES["sessionid"] = "abc"
    assert route_during(signed_in) == "default"
    # The pin ends with the request.
    assert replicas.ReplicaRouter().db_for_read(Article).startswith("replica")


def test_without_replicas_everything_uses_the_primary():
    assert replicas.ReplicaRouter().db_for_read(Article) == "default"


@pytest.mark.parametrize("urls", ["", "postgres://r@10.0.0.2/p,postgres://r@10.0.0.3/p"])
def test_production_settings_add_replicas_from_the_environment(urls):
    script = (
        "from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
        "'pressoffice.replicas.PrimaryForWritersMiddleware' in settings.MIDDLEWARE)"
    )
    result = manage("shell", "-c", script, env={**PRODUCTION_ENV, "DATABASE_REPLICA_URLS": urls})
    assert result.returncode == 0, result.stderr
    if urls:
        expected = "['default', 'replica1', 'replica2'] ['pressoffice.replicas.ReplicaRouter'] True"
    else:
        expected = "['default'] [] False"
    assert expected in result.stdout
