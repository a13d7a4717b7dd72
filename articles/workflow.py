"""The editorial flow: draft → review → published (→ withdrawn), and who may move an article.

Plain functions with keyword-only arguments, used by the admin's buttons and actions alike.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from .models import Article, Block

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"


def may_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def visible_to(user, articles):
    """The ``articles`` (a queryset) ``user`` may see in the admin and the preview. Editors see
    everything; authors their own articles and what readers see, never a colleague's draft or
    scheduled (embargoed) piece."""
    if may_publish(user):
        return articles
    public = Q(pk__in=Article.objects.published().values("pk"))
    return articles.filter(Q(author=user) | public)


def may_edit(user, article):
    """Editors edit anything; authors only their own drafts (and what they have not saved yet)."""
    if not user.has_perm("articles.change_article"):
        return False
    if may_publish(user) or article is None or article.pk is None:
        return True
    return article.author_id == user.pk and article.status == Status.DRAFT


def may_restore(user, article, revision):
    """Whether ``user`` may write ``revision`` back over ``article`` (None: recover a deleted
    one). Editors restore anything. An author restores only their own draft, only to a version
    that was a draft of theirs, and only from a revision that holds nothing but that article
    and its own blocks and photos: reversion writes back every object a revision holds."""
    if may_publish(user):
        return user.has_perm("articles.change_article")
    if article is None or not may_edit(user, article):
        return False
    for version in revision.version_set.all():
        model, fields = version._model, version.field_dict
        if model is Article:
            mine = fields.get("author_id") == user.pk and fields.get("status") == Status.DRAFT
            if str(version.object_id) != str(article.pk) or not mine:
                return False
        elif model._meta.label not in ("articles.Block", "articles.Photo") or (
            fields.get("article_id") != article.pk
        ):
            return False
    return True


def review_started(article):
    """Whether someone other than the author has saved the article since it was submitted."""
    from reversion.models import Version

    latest = Version.objects.get_for_object(article).select_related("revision").first()
    return latest is not None and latest.revision.user_id not in (None, article.author_id)


def may_recall(user, article):
    """An author takes back a submission that no one has started to review."""
    return (
        article.status == Status.REVIEW
        and article.author_id == user.pk
        and user.has_perm("articles.change_article")
        and not review_started(article)
    )


def recall(article, *, by):
    """Back to the author's drafts; refused once an editor has saved it."""
    if not may_recall(by, article):
        raise ValidationError(
            "Забрать с проверки можно только свой материал, пока редактор его не правил."
        )
    article.status = Status.DRAFT
    article.save()
    return article


def check(user, article, action, *, reason="", titles_confirmed=False):
    """Raise if ``user`` may not apply ``action`` to ``article`` now; a Russian message says why."""
    allowed_from = {
        "submit": {Status.DRAFT},
        "publish": {Status.DRAFT, Status.REVIEW, Status.WITHDRAWN},
        "unpublish": {Status.PUBLISHED},
        "return": {Status.REVIEW},
    }[action]
    if action == "submit":
        if not may_edit(user, article):
            raise ValidationError("Отправить на проверку можно только свой черновик.")
    elif not may_publish(user):
        raise ValidationError("Это может сделать только редактор.")
    if article.status not in allowed_from:
        raise ValidationError(
            f"Материал сейчас в статусе «{article.get_status_display()}»: это действие к нему "
            "не применяется."
        )
    if action == "publish" and article.pk:
        waiting = sorted(
            {block.person.short_name for block in article.blocks.filter(
                kind=Block.Kind.QUOTE, person__is_confirmed=False).select_related("person")}
        )  # fmt: skip
        if waiting:
            raise ValidationError(
                "Цитаты новых персон ждут подтверждения: " + ", ".join(waiting) + ". Проверьте "
                "имя и должность в карточке персоны и подтвердите её, затем опубликуйте."
            )
    if action == "publish" and article.pk and not titles_confirmed:
        day = timezone.localdate(article.published_at or timezone.now())
        doubtful = article.signatures_in_doubt(day)
        undated = article.speakers_with_unverified_start()
        if doubtful or undated:
            raise ValidationError(
                [
                    f"Подпись к цитате ({block.person.short_name}) «{block.person_title}» не "
                    f"совпадает с должностью на {day:%d.%m.%Y}: «{title}»."
                    for block, title in doubtful
                ]
                + [
                    f"У персоны {person.short_name} дата вступления в должность не уточнена: "
                    "проверьте подпись и дату в карточке персоны."
                    for person in undated
                ]
                + [
                    "Исправьте подпись (или очистите поле, чтобы она следовала дате) либо "
                    "отметьте «Подписи к цитатам проверены» и опубликуйте снова."
                ]
            )
    if action == "unpublish" and not reason.strip():
        raise ValidationError("Укажите причину снятия с публикации: её увидят читатели.")


def apply(article, action, *, by, reason="", at=None):
    """Move ``article`` (not saved here); ``check`` first."""
    now = timezone.now()
    if action == "submit":
        article.status = Status.REVIEW
    elif action == "publish":
        article.status = Status.PUBLISHED
        article.editor = by
        article.published_at = at or article.published_at or now
        if article.withdrawn_at:
            article.withdrawn_at, article.withdrawn_reason = None, ""
    elif action == "unpublish":
        article.status = Status.WITHDRAWN
        article.withdrawn_at = now
        article.withdrawn_reason = reason.strip()
    elif action == "return":
        article.status = Status.DRAFT
    return article


def transition(article, action, *, by, reason="", at=None):
    """Check, apply and save one move of one article."""
    check(by, article, action, reason=reason)
    apply(article, action, by=by, reason=reason, at=at)
    article.save()
    if action == "publish":
        article.refresh_signatures(force=True)
    return article
