from django import template
from django.conf import settings

from ..closing import accepts_comments
from ..forms import CommentForm
from ..fragments import thread_html
from ..threads import comments_of

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """The «Комментарии» section: approved threads, notices and the form (or why it is closed)."""
    request = context["request"]
    open_ = accepts_comments(article)
    form = context.get("comment_form")
    reply_to = None
    if form is None and open_:
        initial = {}
        wanted = request.GET.get("reply_to", "")
        if wanted.isdigit() and article.comment_count:
            reply_to = comments_of(article).approved().filter(pk=int(wanted)).first()
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
        "threads": thread_html(article, request.GET.get("comments_page"), open_=open_),
        "form": form,
        "reply_to": reply_to,
        "comment_sent": request.GET.get("comment") == "sent",
        "report_sent": request.GET.get("report") == "sent",
        "open": open_,
    }
