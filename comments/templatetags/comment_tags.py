from django import template
from django.conf import settings

from ..closing import accepts_comments
from ..forms import CommentForm
from ..fragments import section_parts
from ..threads import comments_of

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """The «Комментарии» section: approved threads, notices and the form (or why it is closed).

    A fresh form (no errors, not a reply) comes from the cache, signed for this reader
    (comments/fragments.py); only a reply or a form sent back with errors is rendered here."""
    request = context["request"]
    open_ = accepts_comments(article)
    form = context.get("comment_form")
    reply_to = None
    initial = {}
    if form is None and open_:
        wanted = request.GET.get("reply_to", "")
        if wanted.isdigit() and article.comment_count:
            reply_to = comments_of(article).approved().filter(pk=int(wanted)).first()
            if reply_to and reply_to.level < settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
                initial["reply_to"] = reply_to.pk
            else:
                reply_to = None
    elif form is not None:
        reply_to = form.cleaned_data.get("reply_to") if hasattr(form, "cleaned_data") else None
    threads, form_html = section_parts(
        request,
        article,
        request.GET.get("comments_page"),
        open_=open_,
        fresh_form=form is None and not initial,
        tag_versions=context.get("fragment_tag_versions"),
        csrf_token=context.get("csrf_token"),
    )
    if form is None and open_ and form_html is None:
        form = CommentForm(article, initial=initial)
    return {
        "article": article,
        "request": request,
        "threads": threads,
        "form": form,
        "form_html": form_html,
        "reply_to": reply_to,
        "comment_sent": request.GET.get("comment") == "sent",
        "report_sent": request.GET.get("report") == "sent",
        "open": open_,
    }
