"""Template filters for Russian typography: ``typographed_html`` and ``typographed_text``.

``{{ block.text|safe|typographed_html }}`` — sanitized rich text: only text nodes change.
``{{ paragraph|typographed_text }}`` — plain text: escaped first, then typographed.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from toolkit.typography import typograph_html

register = template.Library()


@register.filter
def typographed_html(value):
    """Typography for HTML the template already trusts (marked safe, e.g. with ``|safe``).

    A value that is not marked safe is escaped first and so handled as plain text: the filter
    never turns untrusted text into markup. Marked safe by Django (``SafeData``) or by Jinja2
    (``Markup``): both say so with ``__html__``, as ``conditional_escape`` reads it.
    """
    if not hasattr(value, "__html__"):
        value = conditional_escape(value)
    return mark_safe(typograph_html(str(value)))  # text nodes only, re-escaped


@register.filter
def typographed_text(value):
    """Typography for plain text: escaped, then typographed; the output is markup-free."""
    return mark_safe(typograph_html(str(conditional_escape(value))))
