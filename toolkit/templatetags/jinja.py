"""``{% jinja "name.html" %}``: a Jinja2 template of templates/jinja2/ rendered in place, with
the Django template's context. For the parts of pages rendered so often that Django's template
language is their main cost (issue 15), inside layouts that stay Django templates."""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, template_name):
    rendered = engines["jinja2"].get_template(template_name).render(context.flatten())
    return mark_safe(rendered)  # noqa: S308 (Jinja2 escapes with autoescape on, as Django does)
