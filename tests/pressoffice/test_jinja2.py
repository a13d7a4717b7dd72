"""The Jinja2 environment prints what Django's templates print (pressoffice/jinja2.py)."""

import cProfile
import datetime
import pstats

import pytest
from django.template import engines
from django.utils import timezone, translation
from django.utils.functional import lazystr
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from markupsafe import Markup

from pressoffice.jinja2 import day_and_time

MOMENTS = [
    datetime.datetime(2024, month, day, hour, minute, tzinfo=datetime.UTC)
    for month, day, hour, minute in [(1, 1, 0, 5), (2, 29, 21, 59), (5, 6, 23, 30)]
] + [datetime.datetime(2025, month, 15, 12, 0, tzinfo=datetime.UTC) for month in range(3, 13)]


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_day_and_time_is_djangos_date_in_local_time(moment, language):
    django_template = engines["django"].from_string('{{ moment|date:"j E Y, H:i" }}')
    with translation.override(language):
        assert day_and_time(moment) == django_template.render({"moment": moment})


def test_day_and_time_is_local():
    moment = datetime.datetime(2024, 5, 6, 23, 30, tzinfo=datetime.UTC)
    local = timezone.localtime(moment)
    with translation.override("ru"):
        rendered = (
            engines["jinja2"].from_string("{{ moment|day_and_time }}").render({"moment": moment})
        )
    assert rendered == f"7 мая 2024, {local:%H:%M}"


@pytest.mark.parametrize(
    "value",
    ["<script>alert(\"x\")</script> & 'ёлки'", "без кавычек & <b>", "", mark_safe('<b title="x">'),
     gettext_lazy("Фото"), lazystr('ленивый "текст"'), 1200, None],
)  # fmt: skip
def test_jinja2_escapes_as_djangos_templates(value):
    """Quotes included: MarkupSafe alone writes &#34; and &#39; for Django's &quot; and &#x27;."""
    context = {"value": value}
    django_html = engines["django"].from_string("{{ value }}").render(context)
    assert engines["jinja2"].from_string("{{ value }}").render(context) == django_html


def test_jinja2_prints_markup_as_it_is():
    rendered = engines["jinja2"].from_string("{{ value }}").render({"value": Markup("<b>'</b>")})
    assert rendered == "<b>'</b>"


def test_escaping_as_django_costs_one_call_a_value():
    """The finalize hook runs for every value printed (50 comments print about 500): the
    usual ones, texts without quotes, numbers and safe markup, cost it and nothing more."""
    source = "{% for value in values %}{{ value }}{% endfor %}"
    values = ["текст", 12, Markup("<b>"), mark_safe("<i>")] * 50
    ours = engines["jinja2"].env.from_string(source)
    plain = engines["jinja2"].env.overlay(finalize=None).from_string(source)

    def calls(template):
        template.render(values=values)
        profile = cProfile.Profile()
        profile.enable()
        template.render(values=values)
        profile.disable()
        return pstats.Stats(profile).total_calls

    assert calls(ours) - calls(plain) <= len(values)


def test_typographed_html_trusts_only_what_jinja2_marked_safe():
    """As in Django's templates: unmarked text is escaped, then typographed; ``|safe`` is
    taken as the sanitized markup it is."""
    render = engines["jinja2"].from_string
    value = "<b>в Туле</b>"
    assert render("{{ v|typographed_html }}").render({"v": value}) == (
        "&lt;b&gt;в\N{NO-BREAK SPACE}Туле&lt;/b&gt;"
    )
    assert render("{{ v|safe|typographed_html }}").render({"v": value}) == (
        "<b>в\N{NO-BREAK SPACE}Туле</b>"
    )


def test_text_is_left_alone_where_autoescape_is_off():
    template = engines["jinja2"].env.from_string(
        "{% autoescape false %}{{ v }}{% endautoescape %}|{{ v }}"
    )
    assert template.render(v='a "b" <c>') == 'a "b" <c>|a &quot;b&quot; &lt;c&gt;'
