"""An admin list's filters are Django's, each rendered once per process for what it prints
(pressoffice/templatetags/admin_filters.py, issue 15)."""

import pytest
from django.contrib.admin.templatetags.admin_list import admin_list_filter
from django.utils import translation

from pressoffice.roles import MODERATORS
from pressoffice.templatetags import admin_filters
from tests.comments.helpers import pending
from tests.factories import ArticleFactory, client_for, staff_member

pytestmark = pytest.mark.django_db
QUEUE = "/admin/comments/comment/"


@pytest.fixture
def client():
    admin_filters._kept.clear()
    pending(ArticleFactory(), "Ждёт")
    return client_for(staff_member(MODERATORS, username="filters-moderator"))


def filter_templates(response):
    return [t.name for t in response.templates if t.name == "admin/filter.html"]


@pytest.mark.parametrize(
    "query",
    ["status=pending", "status=approved", "status=all&p=1", "status=pending&q=%26%22",
     "date"],
)  # fmt: skip
def test_the_filters_are_djangos_cold_and_warm(client, query):
    if query == "date":  # the date filter's own link «this year»
        cl = client.get(f"{QUEUE}?status=pending").context["cl"]
        query = list(cl.filter_specs[1].choices(cl))[-1]["query_string"].lstrip("?")
        assert "submit_date__gte" in query
    for _ in range(2):
        response = client.get(f"{QUEUE}?{query}")
        assert response.status_code == 200
        cl = response.context["cl"]
        html = response.content.decode()
        assert len(cl.filter_specs) == 2
        for spec in cl.filter_specs:
            ours = admin_filters.kept_list_filter(cl, spec)
            assert ours == admin_list_filter(cl, spec)
            assert ours in html


def test_a_second_page_renders_no_filter_template(client):
    first = client.get(f"{QUEUE}?status=pending")
    again = client.get(f"{QUEUE}?status=pending")
    assert len(filter_templates(first)) == 2
    assert filter_templates(again) == []
    assert 'class="selected">\n    <a href="?status=pending">' in again.content.decode()
    other = client.get(f"{QUEUE}?status=approved")  # another choice, other links: rendered
    assert len(filter_templates(other)) == 2
    assert 'class="selected">\n    <a href="?status=approved">' in other.content.decode()


def test_each_language_has_its_own_filters(client):
    response = client.get(f"{QUEUE}?status=pending")
    cl = response.context["cl"]
    spec = cl.filter_specs[1]  # the date's: Django's labels
    russian = admin_filters.kept_list_filter(cl, spec)
    with translation.override("en"):
        english = admin_filters.kept_list_filter(cl, spec)
        assert english == admin_list_filter(cl, spec) != russian
