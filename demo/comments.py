"""Demo comments under the seed story: a short thread readers see, and one waiting for review."""

from django.contrib.contenttypes.models import ContentType

from articles.models import Article
from comments.models import Comment
from comments.moderation import refresh_comment_counts

# (name, text, reply to the comment at this index or None, approved)
THREAD = [
    (
        "Сергей",
        "Хорошая новость. Будем ждать совместных проектов авиастроителей и тульских "
        "машиностроителей.",
        None,
        True,
    ),  # fmt: skip
    ("Ольга", "А будут ли такие бизнес-миссии открыты для малого бизнеса?", 0, True),
    ("Пресс-служба", "Да, заявки от малых предприятий принимает центр компетенций.", 1, True),
    ("Андрей", "Когда будет следующая встреча?", None, False),
]
OFFICIAL = {2}  # indexes of THREAD the press office posted from the admin


def load_demo_comments(article):
    """Idempotent: does nothing when the article already has comments."""
    content_type = ContentType.objects.get_for_model(Article)
    existing = Comment.objects.filter(content_type=content_type, object_pk=str(article.pk))
    if existing.exists():
        return 0
    created = []
    for index, (name, text, parent, approved) in enumerate(THREAD):
        created.append(
            Comment.objects.create(
                content_type=content_type,
                object_pk=str(article.pk),
                site_id=1,
                user_name=name,
                user_email=f"demo-{len(created)}@example.ru",
                comment=text,
                submit_date=article.published_at.replace(hour=18, minute=len(created) * 7),
                is_public=approved,
                parent_id=created[parent].pk if parent is not None else 0,
                policy_version="демо",
                is_official=index in OFFICIAL,
            )
        )
    refresh_comment_counts([article.pk])
    return len(created)
