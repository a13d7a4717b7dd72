"""An admin list's page links are Django's, written in one pass (issue 15)."""

import pytest
from django.contrib.admin.views.main import ChangeList
from django.template import Context, Template

from comments.admin import CommentAdmin
from pressoffice.roles import MODERATORS
from tests.comments.helpers import pending
from tests.factories import ArticleFactory, client_for, staff_member

pytestmark = pytest.mark.django_db

STOCK = Template(
    "{% load admin_list %}{% for i in page_range %}\n    {% paginator_number cl i %}\n{% endfor %}"
)
OURS = Template("{% load admin_pages %}{% paginator_numbers cl page_range %}")


def pages(cl):
    """What admin_list.pagination() gives the template (a generator: once per render)."""
    return cl.paginator.get_elided_page_range(cl.page_num)


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setattr(CommentAdmin, "list_per_page", 1)
    article = ArticleFactory()
    for n in range(14):
        pending(article, f"Ждёт {n} & «кавычки»")
    return client_for(staff_member(MODERATORS, username="pages-moderator"))


@pytest.mark.parametrize(
    "query",
    ["status=pending", "status=pending&p=7", "status=pending&p=14", "status=pending&p=2&o=-2",
     "status=pending&q=%D0%96%D0%B4%D1%91%D1%82+%26", "status=all&p=5"],
)  # fmt: skip
def test_the_page_links_are_djangos(client, query):
    response = client.get(f"/admin/comments/comment/?{query}")
    assert response.status_code == 200
    cl = response.context["cl"]
    stock = STOCK.render(Context({"cl": cl, "page_range": pages(cl)}))
    assert OURS.render(Context({"cl": cl, "page_range": pages(cl)})) == stock
    assert stock in response.content.decode()
    assert stock.count("<a href=") >= 4


def test_the_query_string_is_built_once_for_all_the_links(client, monkeypatch):
    calls = []
    get_query_string = ChangeList.get_query_string

    def counting(self, new_params=None, remove=None):
        calls.append(new_params)
        return get_query_string(self, new_params, remove)

    response = client.get("/admin/comments/comment/?status=pending&p=7")
    cl = response.context["cl"]
    monkeypatch.setattr(ChangeList, "get_query_string", counting)
    html = OURS.render(Context({"cl": cl, "page_range": pages(cl)}))
    assert html.count("<a href=") >= 4
    assert calls == [{"p": "\x00"}]
