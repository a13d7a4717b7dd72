from django import template
from django.conf import settings

from ..forms import CommentForm
from ..threads import thread_page

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """The «Комментарии» section: approved threads, notices and the form (or why it is closed)."""
    request = context["request"]
    page, threads = thread_page(article, request.GET.get("comments_page"))
    form = context.get("comment_form")
    reply_to = None
    if form is None and article.accepts_comments():
        initial = {}
        wanted = request.GET.get("reply_to", "")
        if wanted.isdigit():
            reply_to = next(
                (node.comment for node in _walk(threads) if node.comment.pk == int(wanted)), None
            )
            if reply_to and reply_to.level < settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
                initial["reply_to"] = reply_to.pk
            else:
                reply_to = None
        form = CommentForm(article, initial=initial)
    elif form is not None:
        reply_to = form.cleaned_data.get("reply_to") if hasattr(form, "cleaned_data") else None
    return {
        "article": article,
        "request": request,
        "page": page,
        "threads": threads,
        "form": form,
        "reply_to": reply_to,
        "comment_sent": request.GET.get("comment") == "sent",
        "report_sent": request.GET.get("report") == "sent",
        "max_level": settings.COMMENTS_XTD_MAX_THREAD_LEVEL,
        "open": article.accepts_comments(),
    }


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)
