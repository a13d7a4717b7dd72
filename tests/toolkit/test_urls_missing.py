"""{% url %} remembers an address it cannot make too (issue 15): Django's admin base template
asks on every page for the documentation's address, and admindocs is not installed here."""

from unittest import mock

import pytest
from django.template import engines
from django.urls import NoReverseMatch

from toolkit.templatetags import urls


@pytest.fixture(autouse=True)
def forget():
    urls._reverse.cache_clear()
    yield
    urls._reverse.cache_clear()


def render(text, **context):
    return engines["django"].from_string(text).render(context)


def test_an_address_that_does_not_exist_is_asked_once():
    """The admin's base template asks for its documentation's address on every page; there is
    none here, and a failing reverse() lists every pattern it tried (about 1.5 ms)."""
    with mock.patch.object(urls, "reverse", wraps=urls.reverse) as reverse:
        for _ in range(3):
            assert render("{% url 'no-such-page' as link %}[{{ link }}]") == "[]"
            with pytest.raises(NoReverseMatch, match="no-such-page"):
                render("{% url 'no-such-page' %}")
    assert reverse.call_count == 1
