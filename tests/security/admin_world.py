"""What a staff request may change: every row of the editorial, comment, staff and revision
tables, read in a fixed order so two snapshots compare equal exactly when nothing changed."""

import datetime

import reversion
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from pressoffice.roles import AUTHORS, EDITORS, MODERATORS, PRESS_OFFICERS
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    TextBlockFactory,
    TopicFactory,
    UserFactory,
    staff_member,
)

Status = Article.Status

# Sessions, login attempts and admin log entries are written by answering at all; the rest
# is what a refused request must leave alone.
WATCHED = [
    "articles.Article", "articles.Block", "articles.Photo", "articles.Topic",
    "articles.SlugRedirect", "articles.Article_regions", "articles.Article_topics",
    "people.Person", "people.Appointment", "regions.Region",
    "pressoffice.User", "pressoffice.User_groups", "auth.Group", "auth.Group_permissions",
    "comments.Comment", "comments.CommentReport", "comments.ModerationDecision",
    "comments.StopWord", "reversion.Revision", "reversion.Version", "sites.Site",
    "otp_totp.TOTPDevice", "axes.AccessAttempt", "mailer.Message",
    "press.Contact", "press.OfficeHours", "press.RepublicationRules", "press.Channel",
    "press.AccreditationRequest",
]  # fmt: skip


def _model(label):
    app_label, name = label.split(".")
    if "_" in name:
        model_name, field = name.split("_", 1)
        return getattr(apps.get_model(app_label, model_name), field).through
    return apps.get_model(app_label, name)


def snapshot():
    return {label: list(_model(label)._default_manager.order_by("pk").values())
            for label in WATCHED}  # fmt: skip


ROLES = ["anonymous", "author", "other_author", "moderator", "editor", "press_officer", "superuser"]
STATES = ["draft", "review", "scheduled", "published", "withdrawn", "deleted"]
STATE_NAMES = {"draft": "черновик", "review": "на проверке", "scheduled": "запланирован",
               "published": "опубликован", "withdrawn": "снят", "deleted": "удалён"}  # fmt: skip
ROLE_GROUPS = {"author": AUTHORS, "other_author": AUTHORS, "moderator": MODERATORS,
               "editor": EDITORS, "press_officer": PRESS_OFFICERS}  # fmt: skip

MODEL_PAGES = ("changelist", "add", "history", "delete", "change", "redirect")
THIRD_PARTY_MODELS = {
    "mailer_message",
    "auth_group", "sites_site", "pressoffice_user", "axes_accessattempt", "axes_accesslog",
    "axes_accessfailurelog", "otp_totp_totpdevice",
}  # fmt: skip
OUR_MODELS = {
    "regions_region", "people_person", "articles_topic", "articles_article",
    "comments_comment", "comments_moderationdecision", "comments_commentreport",
    "comments_stopword", "press_contact", "press_officehours", "press_republicationrules",
    "press_channel", "press_accreditationrequest", "events_event",
}  # fmt: skip


def admin_url_names():
    """Every named URL of the admin site, the ModelAdmins' own ``get_urls`` included."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if pattern.name:
                    yield pattern.name
                elif route.endswith("<path:object_id>/"):
                    yield route.split("/")[0] + "_" + route.split("/")[1] + "_redirect"
                elif route.endswith("(?P<url>.*)$"):
                    yield "catch_all"
                else:
                    yield f"unnamed: {route}"

    return set(walk(admin.site.get_urls(), ""))


def build_world():
    from comments.models import CommentReport, ModerationDecision, StopWord

    users = {role: staff_member(group, username=role) for role, group in ROLE_GROUPS.items()}
    users["superuser"] = UserFactory(username="superuser", is_staff=True, is_superuser=True)
    users["anonymous"] = None
    owner = users["author"]
    now = timezone.now()
    articles, versions = {}, {}
    for state in STATES:
        with reversion.create_revision():
            reversion.set_user(owner)
            article = ArticleFactory(title=f"Материал «{STATE_NAMES[state]}»", author=owner,
                                     status=Status.DRAFT, published_at=None)  # fmt: skip
            TextBlockFactory(article=article, text=f"<p>Текст {state}</p>")
        with reversion.create_revision():
            # The author submits; an editor makes every other move.
            reversion.set_user(owner if state == "review" else users["editor"])
            fields = {
                "draft": {"lead": "Второй вариант лида."},
                "review": {"status": Status.REVIEW},
                "scheduled": {"status": Status.PUBLISHED, "editor": users["editor"],
                              "published_at": now + datetime.timedelta(days=2)},
                "published": {"status": Status.PUBLISHED, "editor": users["editor"],
                              "published_at": now - datetime.timedelta(hours=1)},
                "withdrawn": {"status": Status.WITHDRAWN, "withdrawn_reason": "Ошибка",
                              "published_at": now - datetime.timedelta(hours=2)},
                "deleted": {"status": Status.PUBLISHED, "editor": users["editor"],
                            "published_at": now - datetime.timedelta(hours=3)},
            }[state]  # fmt: skip
            for field, value in fields.items():
                setattr(article, field, value)
            article.save()
        first, second = Version.objects.get_for_object(article).order_by("pk")
        articles[state], versions[state] = article, (first, second)
    pk = articles["deleted"].pk
    articles["deleted"].delete()
    articles["deleted"].pk = pk

    from tests.comments.helpers import approved_comment

    published = articles["published"]
    comment = approved_comment(published)
    objects = {
        "regions_region": None,  # the migration's regions
        "people_person": PersonFactory(),
        "articles_topic": TopicFactory(),
        "comments_comment": comment,
        "comments_moderationdecision": ModerationDecision.objects.create(
            comment=comment, action="approve", moderator=users["moderator"]
        ),
        "comments_commentreport": CommentReport.objects.create(comment=comment, reporter="r1"),
        "comments_stopword": StopWord.objects.create(word="спамслово"),
        "events_event": _event(published),
        "pressoffice_user": users["author"],
        "auth_group": None,
        "sites_site": None,
    }
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    objects["axes_accessattempt"] = AccessAttempt.objects.create(
        username="x", ip_address="192.0.2.9", user_agent="t", failures_since_start=1
    )
    objects["axes_accesslog"] = AccessLog.objects.create(username="x", ip_address="192.0.2.9",
                                                         user_agent="t")  # fmt: skip
    objects["axes_accessfailurelog"] = AccessFailureLog.objects.create(
        username="x", ip_address="192.0.2.9", user_agent="t", locked_out=False
    )
    # Owned by a staff member outside the matrix: its owner would owe a second factor.
    device_owner = UserFactory(username="device-owner", is_staff=True)
    from mailer import send_mail
    from mailer.models import Message

    send_mail("Новый комментарий", "Текст", "site@example.ru", ["moderator@example.ru"])
    objects["mailer_message"] = Message.objects.get()
    objects["otp_totp_totpdevice"] = TOTPDevice.objects.create(user=device_owner, name="телефон")
    objects.update(_press_objects())
    return {"users": users, "articles": articles, "versions": versions, "objects": objects}


def _press_objects():
    import datetime as dt

    from press.models import (
        AccreditationRequest,
        Channel,
        Contact,
        OfficeHours,
        RepublicationRules,
    )

    now = timezone.now()
    rules, _ = RepublicationRules.objects.get_or_create(pk=1, defaults={"text": "Правила."})
    return {
        "press_contact": Contact.objects.create(name="Приёмная", phone="+7 8422 41-20-00"),
        "press_officehours": OfficeHours.objects.create(
            first_day=1, last_day=5, opens=dt.time(9), closes=dt.time(18)
        ),
        "press_republicationrules": rules,
        "press_channel": Channel.objects.create(kind="telegram", url="https://t.me/office"),
        "press_accreditationrequest": AccreditationRequest.objects.create(
            outlet="Газета",
            name="Анна Журавлёва",
            email="anna@example.ru",
            phone="+7 900 000-00-00",
            event="Пресс-конференция",
            consent_at=now,
            policy_version="1.1",
        ),  # fmt: skip
    }


def _event(report):
    from tests.events.helpers import EventFactory

    return EventFactory(report=report, people=[PersonFactory()])


def object_pk(world, model):
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.contrib.sites.models import Site

    obj = world["objects"].get(model)
    if obj is not None:
        return obj.pk
    if model == "regions_region":
        return apps.get_model("regions", "Region").objects.order_by("pk").first().pk
    if model == "auth_group":
        return Group.objects.order_by("pk").first().pk
    if model == "sites_site":
        return Site.objects.order_by("pk").first().pk
    raise AssertionError(model)


def url_for(name, world, state):
    """The address of page ``name``, for the article in ``state`` where it takes one."""
    article = world["articles"][state]
    first, second = world["versions"][state]
    admin_name = f"admin:{name}"
    if name.startswith("articles_article_"):
        page = name.removeprefix("articles_article_")
        if page in ("change", "history", "delete", "recall"):
            return reverse(admin_name, args=[article.pk])
        if page == "redirect":
            return f"/admin/articles/article/{article.pk}/"
        if page == "revision":
            return reverse(admin_name, args=[article.pk, first.pk])
        if page == "recover":
            return reverse(admin_name, args=[second.pk])  # the deleted one's, or a live one's
        if page == "compare":
            return (reverse(admin_name, args=[article.pk])
                    + f"?version_id1={first.pk}&version_id2={second.pk}")  # fmt: skip
        return reverse(admin_name)
    for model in THIRD_PARTY_MODELS | OUR_MODELS:
        page = name.removeprefix(model + "_")
        if name.startswith(model + "_") and page in MODEL_PAGES:
            if page in ("changelist", "add"):
                return reverse(admin_name)
            pk = object_pk(world, model)
            if page == "redirect":
                return reverse(f"admin:{model}_change", args=[pk]).removesuffix("change/")
            return reverse(admin_name, args=[pk])
    if name in ("comments_comment_decide", "comments_comment_reply"):
        return reverse(admin_name, args=[world["objects"]["comments_comment"].pk])
    if name == "view_on_site":
        content_type = ContentType.objects.get_for_model(Article)
        return reverse(admin_name, args=[content_type.pk, article.pk])
    if name == "app_list":
        return reverse(admin_name, kwargs={"app_label": "articles"})
    if name == "catch_all":
        return "/admin/no-such-page/"
    if name == "autocomplete":
        return (reverse(admin_name)
                + "?app_label=articles&model_name=block&field_name=person&term=Ив")  # fmt: skip
    if name == "auth_user_password_change":
        return reverse(admin_name, args=[world["users"]["author"].pk])
    if name.startswith("otp_totp_totpdevice_"):
        return reverse(admin_name, kwargs={"pk": world["objects"]["otp_totp_totpdevice"].pk})
    return reverse(admin_name)
