"""Every URL the admin resolves, third-party ones included, as every role, against an article
in every state: the answer is the one the roles matrix below expects, and a refused request
changes nothing in the database.

The matrix is written here from the roles (pressoffice/roles.py) and the workflow
(articles/workflow.py), not read back from the ModelAdmins. A URL the admin gains later fails
``test_every_admin_url_is_classified`` until it is added to ``CLASSIFIED``.
"""

import pytest
from django.db import transaction

from articles.models import Article
from pressoffice.roles import ROLE_PERMISSIONS
from tests.factories import (
    client_for,
)
from tests.security.admin_world import (
    MODEL_PAGES,
    OUR_MODELS,
    ROLE_GROUPS,
    ROLES,
    STATES,
    THIRD_PARTY_MODELS,
    admin_url_names,
    build_world,
    snapshot,
    url_for,
)

pytestmark = pytest.mark.django_db

Status = Article.Status
# How each admin URL is reached and judged. "model": a ModelAdmin's own page, judged by the
# role's permissions on that model; "article": an article in each state, judged by the
# workflow; "staff": any staff member; "special": a function below.
EXTRA = {
    "index", "login", "logout", "password_change", "password_change_done", "autocomplete",
    "jsi18n", "view_on_site", "app_list", "catch_all", "twofactor-verify", "twofactor-setup",
    "auth_user_password_change", "otp_totp_totpdevice_config", "otp_totp_totpdevice_qrcode",
    "articles_article_paste", "articles_article_titles", "articles_article_compare",
    "articles_article_recoverlist", "articles_article_recover", "articles_article_revision",
    "articles_article_recall", "comments_comment_decide", "comments_comment_reply",
}  # fmt: skip
CLASSIFIED = EXTRA | {f"{model}_{page}" for model in THIRD_PARTY_MODELS | OUR_MODELS
                      for page in MODEL_PAGES}  # fmt: skip
# Pages nobody edits through the admin, superuser included: comments are moderated with the
# queue's actions (a superuser may still delete one), decisions, reports and login attempts
# are logs, and a device's key is never shown (OTP_ADMIN_HIDE_SENSITIVE_DATA).
NO_ADD_OR_CHANGE = {"comments_comment"}
READ_ONLY = {"comments_moderationdecision", "comments_commentreport"}
NO_ADD = {"axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
# Requests come from journalists through the site; the rules are one text, made by a migration.
NO_ADD |= {"press_accreditationrequest", "press_republicationrules"}
NO_DELETE = {"press_republicationrules"}
NO_ADD_OR_CHANGE |= {"mailer_message"}  # the mail queue: the worker sends; a stuck one may go
GET_ONLY = {"jsi18n", "password_change_done", "autocomplete"}


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
    if state == "deleted" or role in ("anonymous", "moderator", "press_officer"):
        return False  # they hold no permission on articles
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
    if page == "delete" and model in NO_DELETE:
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
    if name in ("comments_comment_decide", "comments_comment_reply"):
        # One comment's decision or the office's reply: moderators, by POST only.
        return staff and method == "POST" and may(role, "comments.moderate_comment")
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
