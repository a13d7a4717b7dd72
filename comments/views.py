"""Readers' write paths: posting a comment and reporting one. Both need CSRF and a POST."""

import contextlib
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views import View
from django.views.decorators.http import require_http_methods
from django_comments_xtd.models import MaxThreadLevelExceededException
from django_ratelimit.core import get_usage, is_ratelimited

from articles.models import Article
from articles.views import ArticleDetailView
from toolkit.clients import client_ip, client_network

from .forms import CommentForm
from .models import Comment
from .moderation import hold_reason, notify_moderators, report

logger = logging.getLogger(__name__)
REFUSED = "comments:refused"  # the counter of refused posts, by address


def ip_key(group, request):
    """The rate limits' key (django-ratelimit's signature): an IPv4 address or an IPv6 /64."""
    return client_network(request) or "unknown"


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


# django-ratelimit's "count/period" syntax, read here because django-ratelimit 4.1 offers no
# public parser (only the private core._split_rate, which may change in any release) and the
# quotas never reach it: their sliding slots are ours (reserve_slot).
def parse_rate(rate):
    """A rate as (count, seconds): "5/10m" → (5, 600)."""
    count, period = rate.split("/")
    return int(count), int(period[:-1] or 1) * _UNITS[period[-1]]


def reserve_comment_slot(request):
    """Take one of this address's accepted comments for the last COMMENTS_RATE period."""
    return reserve_slot(request, scope="comments", rate=settings.COMMENTS_RATE)


def reserve_slot(request, *, scope, rate):
    """Take one of this address's accepted posts of ``scope`` for the last period, atomically.

    The quota is ``limit`` slot keys per address, each taken with ``cache.add`` (atomic on
    Redis and locmem) and expiring ``period`` after it was taken: at most ``limit`` posts are
    accepted in any ``period``, wherever it starts. A fixed window (one counter per
    ``time // period``) let an address post its quota at the end of one window and again at the
    start of the next: the flood test saw 10 accepted from one address at "5/10m". Returns a
    function that gives the slot back (the form turned out invalid: only accepted posts
    count), or None when every slot is taken. Fails open when the cache does, like the rest of
    the rate limits.
    """
    limit, period = parse_rate(rate)
    reader = salted_hmac(f"{scope}.quota", ip_key(None, request)).hexdigest()
    keys = [f"{scope}:quota:{reader}:{slot}" for slot in range(limit)]
    try:
        for key in keys:
            if cache.add(key, 1, period):
                return lambda key=key: _give_back(key)
        # A soft-failing cache answers "not added" to every add: the slots must really be there.
        full = bool(cache.get_many(keys))
    except Exception:
        full = False
    if not full:  # a cache outage must not stop readers from posting
        logger.warning("%s quota: cache unavailable, not limiting", scope)
        return lambda: None
    return None


def _give_back(key):
    # Expired or the cache is down: nothing to give back.
    with contextlib.suppress(Exception):
        cache.delete(key)


def refused_too_often(request, *, group, rate):
    """Whether this address has had ``rate`` posts of ``group`` refused (counted by cache)."""
    usage = get_usage(request, group=group, key=ip_key, rate=rate, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def count_refusal(request, *, group, rate):
    get_usage(request, group=group, key=ip_key, rate=rate, increment=True)


def rate_limited(request, message):
    """The answer to a reader over a quota: what to do, in Russian, with 429."""
    return render(request, "comments/rate_limited.html", {"message": message}, status=429)


class PostCommentView(View):
    """Takes a comment for moderation; an invalid one comes back on the article page.

    Not a subclass of the article page: a POST reads the article alone (one query), never
    the relations the page prefetches, and only a refused post renders the page."""

    http_method_names = ["post"]

    def post(self, request, *args, slug, **kwargs):
        # Refused posts cost a render of the whole article page; an address that keeps sending
        # them is answered from the cache alone, before any query.
        if refused_too_often(request, group=REFUSED, rate=settings.COMMENTS_REFUSED_RATE):
            return rate_limited(
                request,
                "Слишком много неудачных попыток отправить комментарий. Подождите "
                "несколько минут, проверьте форму и отправьте снова.",
            )
        article = get_object_or_404(Article.objects.published(), slug=slug)
        # Only accepted comments count towards the limit: a reader correcting mistakes is not
        # flooding, and refused posts write nothing.
        give_back = reserve_comment_slot(request)
        if give_back is None:
            return rate_limited(
                request, "Слишком много комментариев за короткое время. Подождите немного."
            )
        form = CommentForm(article, data=request.POST, client_ip=client_ip(request))
        if form.is_valid():
            try:
                save_comment(form, article, request)
            except MaxThreadLevelExceededException:
                form.add_error("reply_to", "На этот комментарий ответить нельзя.")
            else:
                notify_moderators()
                return redirect(f"{article.get_absolute_url()}?comment=sent#comments-notice")
        give_back()
        count_refusal(request, group=REFUSED, rate=settings.COMMENTS_REFUSED_RATE)
        return article_page(request, article, comment_form=form, status=400)


def article_page(request, article, *, status, **context):
    """The article's page as ArticleDetailView renders it, with ``context`` added."""
    page = ArticleDetailView()
    page.setup(request, slug=article.slug)
    page.object = article
    return page.render_to_response(page.get_context_data(object=article, **context), status=status)


@transaction.atomic
def save_comment(form, article, request):
    """A new comment, never public: it waits for a moderator. Consent is recorded with it."""
    data = form.cleaned_data
    now = timezone.now()
    parent = data.get("reply_to")
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(Article),
        object_pk=str(article.pk),
        site_id=settings.SITE_ID,
        user=request.user if request.user.is_authenticated else None,
        user_name=data["name"],
        user_email=data["email"],
        comment=data["comment"],
        submit_date=now,
        ip_address=client_ip(request),
        is_public=False,
        parent_id=parent.pk if parent else 0,
        consent_at=now,
        policy_version=settings.PERSONAL_DATA_POLICY_VERSION,
        hold_reason=hold_reason(data["comment"]),
    )


@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    """«Пожаловаться»: a confirmation page, then one report per reader and comment."""
    comment = get_object_or_404(Comment.objects.approved(), pk=pk)
    article = get_object_or_404(Article.objects.published(), pk=comment.object_pk)
    if request.method == "GET":
        return render(request, "comments/report.html", {"comment": comment, "article": article})
    if is_ratelimited(request, group="comments:report", key=ip_key,
                      rate=settings.COMMENTS_REPORT_RATE, increment=True):  # fmt: skip
        return rate_limited(request, "Слишком много жалоб за короткое время. Попробуйте позже.")
    reporter = salted_hmac("comments.report", ip_key(None, request)).hexdigest()
    report(comment, reporter=reporter)
    return redirect(f"{article.get_absolute_url()}?report=sent#comments-notice")
