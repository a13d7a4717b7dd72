"""Every URL the admin resolves, third-party ones included, as every role, against an article
in every state: the answer is the one the roles matrix below expects, and a refused request
changes nothing in the database.

The matrix is written here from the roles (pressoffice/roles.py) and the workflow
(articles/workflow.py), not read back from the ModelAdmins. A URL the admin gains later fails
``test_every_admin_url_is_classified`` until it is added to ``CLASSIFIED``.
"""

import datetime

import pytest
import reversion
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from pressoffice.roles import AUTHORS, EDITORS, MODERATORS, ROLE_PERMISSIONS
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    TextBlockFactory,
    TopicFactory,
    UserFactory,
    client_for,
    staff_member,
)
from tests.security.admin_world import snapshot

pytestmark = pytest.mark.django_db

Status = Article.Status
ROLES = ["anonymous", "author", "other_author", "moderator", "editor", "superuser"]
STATES = ["draft", "review", "scheduled", "published", "withdrawn", "deleted"]
ROLE_GROUPS = {"author": AUTHORS, "other_author": AUTHORS, "moderator": MODERATORS,
               "editor": EDITORS}  # fmt: skip

# How each admin URL is reached and judged. "model": a ModelAdmin's own page, judged by the
# role's permissions on that model; "article": an article in each state, judged by the
# workflow; "staff": any staff member; "special": a function below.
MODEL_PAGES = ("changelist", "add", "history", "delete", "change", "redirect")
THIRD_PARTY_MODELS = {
    "auth_group", "sites_site", "pressoffice_user", "axes_accessattempt", "axes_accesslog",
    "axes_accessfailurelog", "otp_totp_totpdevice",
}  # fmt: skip
OUR_MODELS = {
    "regions_region", "people_person", "articles_topic", "articles_article",
    "comments_comment", "comments_moderationdecision", "comments_commentreport",
    "comments_stopword",
}  # fmt: skip
EXTRA = {
    "index", "login", "logout", "password_change", "password_change_done", "autocomplete",
    "jsi18n", "view_on_site", "app_list", "catch_all", "twofactor-verify", "twofactor-setup",
    "auth_user_password_change", "otp_totp_totpdevice_config", "otp_totp_totpdevice_qrcode",
    "articles_article_paste", "articles_article_titles", "articles_article_compare",
    "articles_article_recoverlist", "articles_article_recover", "articles_article_revision",
    "articles_article_recall",
}  # fmt: skip
CLASSIFIED = EXTRA | {f"{model}_{page}" for model in THIRD_PARTY_MODELS | OUR_MODELS
                      for page in MODEL_PAGES}  # fmt: skip
# Pages nobody edits through the admin, superuser included: comments are moderated with the
# queue's actions (a superuser may still delete one), decisions, reports and login attempts
# are logs, and a device's key is never shown (OTP_ADMIN_HIDE_SENSITIVE_DATA).
NO_ADD_OR_CHANGE = {"comments_comment"}
READ_ONLY = {"comments_moderationdecision", "comments_commentreport"}
NO_ADD = {"axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
GET_ONLY = {"jsi18n", "password_change_done", "autocomplete"}


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


def test_every_admin_url_is_classified():
    unknown = admin_url_names() - CLASSIFIED
    assert not unknown, f"classify these admin URLs in the roles matrix: {sorted(unknown)}"


def role_permissions(role):
    if role in ROLE_GROUPS:
        return {f"{app}.{action}_{model}" for (app, model), actions
                in ROLE_PERMISSIONS[ROLE_GROUPS[role]].items() for action in actions}  # fmt: skip
    return set()


def may(role, perm):
    return role == "superuser" or perm in role_permissions(role)


# The article matrix: which roles may see, change, delete or restore an article in each state.
def may_view_article(role, state):
    if state == "deleted" or role in ("anonymous", "moderator"):
        return False
    if role in ("editor", "superuser", "author"):
        return True
    return state == "published"  # another author sees what readers see


def may_change_article(role, state):
    if state == "deleted":
        return False
    if role in ("editor", "superuser"):
        return True
    return role == "author" and state == "draft"


def article_allowed(page, role, state, method):
    editorial = role in ("editor", "superuser")
    if page == "redirect":
        return True  # to the change page, for the same id: that page decides
    if page in ("change", "history", "compare"):
        if page == "change" and method == "POST":
            return may_change_article(role, state)
        if method == "POST" and page in ("history", "compare"):
            return may_view_article(role, state)
        return may_view_article(role, state)
    if page == "revision":
        return (
            may_change_article(role, state) if method == "POST" else may_view_article(role, state)
        )
    if page == "delete":
        return editorial and state != "deleted"
    if page == "recall":  # the author takes back what they submitted and nobody has touched
        return role == "author" and state == "review" and method == "POST"
    if page == "recover":
        return editorial and state == "deleted"  # a live article is restored from its history
    if page == "recoverlist":
        return editorial
    if page in ("changelist",):
        return may(role, "articles.view_article")
    if page in ("add", "paste"):
        return may(role, "articles.add_article")
    if page == "titles":
        return may(role, "articles.publish_article")
    raise AssertionError(page)


def model_allowed(model, page, role, method):
    app, name = model.split("_", 1)
    if name.startswith("totp"):
        app, name = "otp_totp", "totpdevice"
    if model == "pressoffice_user":
        app, name = "pressoffice", "user"
    perm = f"{app}.%s_{name}"
    view = may(role, perm % "view") or may(role, perm % "change")
    if page == "redirect":
        return True  # to the change page, for the same id: that page decides
    if page in ("changelist", "history"):
        return view
    if page == "change":
        if method == "POST":
            return model not in READ_ONLY | NO_ADD_OR_CHANGE and may(role, perm % "change")
        return view
    if model in READ_ONLY or (page == "add" and model in NO_ADD | NO_ADD_OR_CHANGE):
        return False
    if model in ("sites_site", "comments_comment") and page == "delete" and method == "POST":
        return False  # Django refuses: it would delete the moderation log, which nobody deletes
    return may(role, perm % page)


def allowed(name, role, state, method):
    """Whether ``role`` may ``method`` the page ``name`` (for an article in ``state``)."""
    staff = role != "anonymous"
    if name.startswith("articles_article_"):
        return staff and article_allowed(name.removeprefix("articles_article_"), role, state,
                                         method)  # fmt: skip
    for model in THIRD_PARTY_MODELS | OUR_MODELS:
        if name.startswith(model + "_") and name.removeprefix(model + "_") in MODEL_PAGES:
            return staff and model_allowed(model, name.removeprefix(model + "_"), role, method)
    if name in GET_ONLY and method != "GET":
        return False
    if name == "login":
        return not staff or method == "POST"  # staff are sent on to the admin's home
    if name == "twofactor-verify":
        return False  # nobody here owes a code: sent on to the admin's home
    if name in ("index", "password_change", "password_change_done", "jsi18n", "twofactor-setup",
                "logout"):  # fmt: skip
        return staff and not (name == "logout" and method == "GET")  # logout is POST only
    if name == "catch_all":
        return False
    if name == "app_list":
        return (
            staff
            and any(p.startswith("articles.") for p in role_permissions(role))
            or (role == "superuser")
        )
    if name == "autocomplete":
        return staff and may(role, "people.view_person")
    if name == "view_on_site":
        return staff and may_view_article(role, state)
    if name == "auth_user_password_change":
        return staff and may(role, "pressoffice.change_user")
    if name.startswith("otp_totp_totpdevice_"):
        return False  # the key and its QR code: hidden from everyone in the admin
    raise AssertionError(f"no rule for {name}")


@pytest.fixture
def world(migration_data_or_db):
    return build_world()


@pytest.fixture
def migration_data_or_db(db):
    from tests.conftest import ensure_migration_data

    ensure_migration_data()


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
            article = ArticleFactory(title=f"Материал {state}", author=owner,
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
    objects["otp_totp_totpdevice"] = TOTPDevice.objects.create(user=device_owner, name="телефон")
    return {"users": users, "articles": articles, "versions": versions, "objects": objects}


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


def refused(response, role):
    """Whether the answer turned the request away: 403, 404, 405, the login page for an
    anonymous visitor, or the admin's redirect home for an object the user may not see."""
    if response.status_code in (400, 403, 404, 405):
        return True
    if response.status_code == 302:
        location = response["Location"]
        return "/admin/login/" in location or location.rstrip("/") == "/admin"
    return False


def attempt(user, method, url, *, watch):
    """One request in a transaction that is rolled back, so the next starts from the same
    data; returns the response and (when ``watch``) whether the database changed."""
    client = client_for(user)
    with transaction.atomic():
        before = snapshot() if watch else None
        response = getattr(client, method.lower())(url, {"post": "yes"} if method == "POST"
                                                   else None)  # fmt: skip
        changed = watch and snapshot() != before
        transaction.set_rollback(True)
    return response, changed


def states_for(name):
    """Pages of one article are tried in every state; the others need one state only."""
    per_article = name.startswith("articles_article_") and name.removeprefix(
        "articles_article_"
    ) in ("change", "history", "delete", "redirect", "revision", "recover", "compare", "recall")
    return STATES if per_article or name == "view_on_site" else ["published"]


@pytest.mark.parametrize("name", sorted(CLASSIFIED))
def test_admin_url_answers_as_the_roles_matrix_says(name, world):
    if name not in admin_url_names():
        pytest.fail(f"{name} is classified but the admin no longer has it: remove it")
    wrong = []
    for state in states_for(name):
        url = url_for(name, world, state)
        for role in ROLES:
            for method in ("GET", "POST"):
                expected = allowed(name, role, state, method)
                response, changed = attempt(world["users"][role], method, url,
                                            watch=not expected)  # fmt: skip
                assert response.status_code < 500, (role, state, method, url)
                if expected == refused(response, role):
                    wrong.append(f"{role} {method} {url} [{state}]: {response.status_code} "
                                 f"{response.get('Location', '')}, expected "
                                 f"{'allowed' if expected else 'refused'}")  # fmt: skip
                elif not expected and changed:
                    wrong.append(f"{role} {method} {url} [{state}]: refused but the data "
                                 "changed")  # fmt: skip
    assert not wrong, "\n".join(wrong)
