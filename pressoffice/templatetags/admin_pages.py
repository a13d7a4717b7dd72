"""The page numbers of an admin list, written in one pass (issue 15).

Django's ``admin/pagination.html`` calls ``{% paginator_number cl i %}`` for each page it
links: a query string built and URL-encoded, and a format_html(), per link, about 0.3 ms of
every admin list. The links differ in the page's number only, so the query string is built
once with a mark where the number goes. The markup is paginator_number's, one per line as the
stock template's loop writes them (tests/admin/test_pagination.py compares them).
"""

from html import escape

from django import template
from django.contrib.admin.templatetags.admin_list import paginator_number
from django.contrib.admin.views.main import PAGE_VAR
from django.utils.safestring import mark_safe

register = template.Library()

MARK = "\x00"  # URL-encoded as %00, which no other parameter can give: "%" itself is %25
ENCODED = "%00"


@register.simple_tag
def paginator_numbers(cl, page_range):
    """``{% for i in page_range %}`` + newline, four spaces, ``{% paginator_number cl i %}``,
    newline + ``{% endfor %}``, as one tag."""
    ellipsis = str(cl.paginator.ELLIPSIS)
    last = cl.paginator.num_pages
    address = None
    lines = []
    for i in page_range:
        if i.__class__ is not int:  # the ellipsis, or what Django's tag makes of anything else
            link = escape(ellipsis) + " " if str(i) == ellipsis else paginator_number(cl, i)
        elif i == cl.page_num:
            link = f'<span class="this-page">{i}</span> '
        else:
            if address is None:
                address = escape(cl.get_query_string({PAGE_VAR: MARK}))
                if address.count(ENCODED) != 1:
                    address = False
            if address is False:
                link = paginator_number(cl, i)
            else:
                end = ' class="end"' if i == last else ""
                link = f'<a href="{address.replace(ENCODED, str(i))}"{end}>{i}</a> '
        lines.append(f"\n    {link}\n")
    return mark_safe("".join(lines))
