"""Staff logins: lockout after repeated failures (django-axes) and two-factor codes (django-otp).

Every login here goes through the admin's real login form, as an attacker's would.
"""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pressoffice.roles import AUTHORS, EDITORS
from tests.factories import UserFactory, staff_member

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # UserFactory's
LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
VERIFY = reverse("admin:twofactor-verify")
SETUP = reverse("admin:twofactor-setup")


def log_in(client, username, password=PASSWORD, ip="203.0.113.7"):
    return client.post(
        f"{LOGIN}?next={INDEX}",
        {"username": username, "password": password, "next": INDEX},
        REMOTE_ADDR=ip,
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def code_for(device, at=None):
    """The code the user's phone shows now, computed from the device's key as an app does."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = (at or timezone.now()).timestamp()
    return f"{totp.token():0{device.digits}d}"


def device_for(user, *, confirmed=True):
    return TOTPDevice.objects.create(user=user, name="Телефон", confirmed=confirmed)


@pytest.fixture
def editor():
    return staff_member(EDITORS, username="editor-login")


@pytest.fixture
def author():
    return staff_member(AUTHORS, username="author-login")


# --- lockout -------------------------------------------------------------------------------------


def test_good_password_logs_in(editor):
    client = Client()
    response = log_in(client, editor.username)
    assert response.status_code == 302 and response.url == INDEX
    assert logged_in(client)


def test_failures_from_other_addresses_do_not_lock_the_real_editor_out(editor, settings):
    """Issue 12, item 12: five wrong passwords for «editor» from anywhere used to lock the
    account for everyone. Now an account is locked together with the address that failed."""
    settings.LOGIN_SLOWDOWN_AFTER = 100  # the slowing down is the next test's
    for attempt in range(6):
        response = log_in(Client(), editor.username, "wrong", ip="198.51.100.7")
        assert response.status_code == (429 if attempt >= 4 else 200)
    for attempt in range(4):
        log_in(Client(), editor.username, "wrong", ip=f"198.51.100.{20 + attempt}")
    attacker = Client()
    assert log_in(attacker, editor.username, ip="198.51.100.7").status_code == 429
    assert "Вход временно заблокирован" in log_in(Client(), editor.username,
                                                 ip="198.51.100.7").content.decode()  # fmt: skip
    client = Client()
    response = log_in(client, editor.username, ip="203.0.113.50")  # the editor's own address
    assert response.status_code == 302
    assert logged_in(client)


def test_an_account_attacked_from_many_addresses_is_slowed_not_locked(editor, settings):
    settings.LOGIN_SLOWDOWN_AFTER = 10
    settings.LOGIN_SLOWDOWN_SECONDS = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(10):
            log_in(Client(), editor.username, "wrong", ip=f"198.51.100.{attempt}")
        first = log_in(Client(), editor.username, "wrong", ip="198.51.100.200")
        assert first.status_code == 200  # one attempt in the interval is heard
        slowed = log_in(Client(), editor.username, ip="203.0.113.50")
        assert slowed.status_code == 429
        assert "подождите" in slowed.content.decode()
    with time_machine.travel(start + datetime.timedelta(seconds=6), tick=False):
        client = Client()
        assert log_in(client, editor.username, ip="203.0.113.50").status_code == 302
        assert logged_in(client)


def test_address_is_locked_after_five_failures_even_for_other_accounts(editor):
    for attempt in range(5):
        log_in(Client(), f"guess-{attempt}", "wrong", ip="192.0.2.10")
    client = Client()
    assert log_in(client, editor.username, ip="192.0.2.10").status_code == 429
    assert not logged_in(client)
    # The account itself is not locked: from another address it logs in.
    other = Client()
    assert log_in(other, editor.username, ip="192.0.2.11").status_code == 302
    assert logged_in(other)


def test_four_failures_then_the_right_password_logs_in(editor):
    for _ in range(4):
        log_in(Client(), editor.username, "wrong")
    client = Client()
    assert log_in(client, editor.username).status_code == 302
    assert logged_in(client)


def test_a_good_login_after_the_cool_off_works(editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            log_in(Client(), editor.username, "wrong")
        assert log_in(Client(), editor.username).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert log_in(Client(), editor.username).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=60), tick=False):
        client = Client()
        assert log_in(client, editor.username).status_code == 302
        assert logged_in(client)


def test_the_address_comes_from_the_proxy_header_when_one_is_named(settings, editor):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    for _ in range(5):
        Client().post(
            LOGIN,
            {"username": "nobody", "password": "wrong"},
            HTTP_X_REAL_IP="192.0.2.50",
            REMOTE_ADDR="10.0.0.1",
        )
    # Same proxy address, another reader behind it: not locked.
    client = Client()
    response = client.post(
        LOGIN,
        {"username": editor.username, "password": PASSWORD},
        HTTP_X_REAL_IP="192.0.2.51",
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302


def test_force_login_is_untouched_by_the_lockout(editor):
    for _ in range(5):
        log_in(Client(), editor.username, "wrong")
    client = Client()
    client.force_login(editor)
    assert client.get(INDEX).status_code == 200


# --- two-factor: required or not by the setting ---------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "editor_needs", "author_needs"),
    [("none", False, False), ("editors", True, False), ("staff", True, True)],
)
def test_who_must_set_up_a_device(settings, editor, author, mode, editor_needs, author_needs):
    settings.STAFF_2FA_REQUIRED_FOR = mode
    for user, needs in ((editor, editor_needs), (author, author_needs)):
        client = Client()
        assert log_in(client, user.username).status_code == 302
        response = client.get(INDEX)
        if needs:
            assert response.status_code == 302
            assert response.url.startswith(SETUP)
        else:
            assert response.status_code == 200


def test_a_superuser_counts_as_an_editor(settings):
    settings.STAFF_2FA_REQUIRED_FOR = "editors"
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client = Client()
    log_in(client, boss.username)
    assert client.get(INDEX).url.startswith(SETUP)


def test_an_editor_without_a_device_cannot_use_anything_until_set_up(settings, editor):
    settings.STAFF_2FA_REQUIRED_FOR = "editors"
    client = Client()
    log_in(client, editor.username)
    for path in (
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("ckeditor_browse"),
        LOGIN,
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(SETUP), path
    # Outside the admin the session counts for nothing: an upload is refused as anonymous.
    response = client.post(reverse("ckeditor_upload"), {})
    assert response.status_code == 302 and response.url.startswith(SETUP)


def test_setting_up_shows_the_key_and_confirms_with_a_code(settings, editor):
    settings.STAFF_2FA_REQUIRED_FOR = "editors"
    client = Client()
    log_in(client, editor.username)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    assert "otpauth://totp/" in html and "<svg" in html
    assert page.context["uri"] == device.config_url
    assert page.context["secret"].replace(" ", "") in device.config_url
    # A second visit shows the same key (the phone may have scanned it already).
    assert client.get(SETUP).context["uri"] == device.config_url

    wrong = client.post(SETUP, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Неверный код" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    device.throttling_failure_count = 0  # a wrong code makes the next try wait a second
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 302 and response.url == INDEX
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(INDEX).status_code == 200


def test_setup_is_optional_for_staff_the_setting_does_not_cover(settings, author):
    settings.STAFF_2FA_REQUIRED_FOR = "editors"
    client = Client()
    log_in(client, author.username)
    assert client.get(INDEX).status_code == 200
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=author)
    assert client.post(SETUP, {"code": code_for(device)}).status_code == 302
    # From now on the author's logins ask for the code too.
    fresh = Client()
    log_in(fresh, author.username)
    assert fresh.get(INDEX).url.startswith(VERIFY)


# --- two-factor: the login with a device -------------------------------------------------------


def test_with_a_device_the_login_asks_for_the_code(editor):
    device_for(editor)
    client = Client()
    response = log_in(client, editor.username)
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Подтверждение входа" in page.content.decode()


def test_a_wrong_code_is_refused(editor):
    device = device_for(editor)
    client = Client()
    log_in(client, editor.username)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    response = client.post(VERIFY, {"code": wrong, "next": INDEX})
    assert response.status_code == 200
    assert "Неверный код" in response.content.decode()
    assert client.get(INDEX).url.startswith(VERIFY)
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 302


def test_a_right_code_is_accepted(editor):
    device = device_for(editor)
    client = Client()
    log_in(client, editor.username)
    session_before = client.session.session_key
    response = client.post(VERIFY, {"code": code_for(device), "next": INDEX})
    assert response.status_code == 302 and response.url == INDEX
    assert client.get(INDEX).status_code == 200
    assert client.session.session_key != session_before  # a new session for the new right


def test_a_code_is_accepted_once(editor):
    device = device_for(editor)
    code = code_for(device)
    first = Client()
    log_in(first, editor.username)
    assert first.post(VERIFY, {"code": code}).status_code == 302
    second = Client()
    log_in(second, editor.username)
    assert second.post(VERIFY, {"code": code}).status_code == 200  # replay refused


def test_an_unconfirmed_device_asks_for_nothing(editor):
    device_for(editor, confirmed=False)
    client = Client()
    log_in(client, editor.username)
    assert client.get(INDEX).status_code == 200


def test_verify_sends_back_only_to_this_site(editor):
    device = device_for(editor)
    client = Client()
    log_in(client, editor.username)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.url == INDEX


def test_setup_cannot_add_a_second_device_before_the_code(editor):
    """Someone with only the password must not enrol a phone of their own."""
    device_for(editor)
    client = Client()
    log_in(client, editor.username)
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url == VERIFY
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_the_two_factor_pages_need_a_staff_login():
    for path in (SETUP, VERIFY):
        response = Client().get(path)
        assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_the_admin_site_alone_refuses_an_unverified_user(rf, editor):
    """Belt and braces: the admin site's own permission check knows the second factor too."""
    from django.contrib import admin

    device_for(editor)
    request = rf.get(INDEX)
    request.user = editor
    editor.is_verified = lambda: False
    assert not admin.site.has_permission(request)


# --- the setting ----------------------------------------------------------------------------------


def two_factor_setting(**env):
    from tests.pressoffice.helpers import PRODUCTION_ENV, manage

    script = "from django.conf import settings as s; print(s.STAFF_2FA_REQUIRED_FOR)"
    return manage("shell", "-c", script, env={**PRODUCTION_ENV, **env})


def test_production_requires_two_factor_of_editors_by_default():
    result = two_factor_setting()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "editors"


def test_the_deployment_chooses_who_needs_two_factor():
    result = two_factor_setting(DJANGO_STAFF_2FA="staff")
    assert result.stdout.split()[-1] == "staff"


def test_an_unknown_two_factor_setting_refuses_to_start():
    result = two_factor_setting(DJANGO_STAFF_2FA="everyone")
    assert result.returncode != 0
    assert "DJANGO_STAFF_2FA must be one of" in result.stderr


def test_both_pages_show_the_code_form_with_their_own_button(author):
    client = Client()
    log_in(client, author.username)
    setup = client.get(SETUP).content.decode()
    assert 'id="twofactor-form"' in setup and 'value="Включить"' in setup
    device = TOTPDevice.objects.get(user=author)
    client.post(SETUP, {"code": code_for(device)})
    fresh = Client()
    log_in(fresh, author.username)
    verify = fresh.get(VERIFY).content.decode()
    assert 'id="twofactor-form"' in verify and 'value="Подтвердить"' in verify


def test_the_admin_reads_the_user_itself_not_its_lazy_proxies(editor):
    """Past the two-factor check the request holds the user object: django-otp's lazy user
    wrapped the auth middleware's, and the admin's permission checks per model went through
    both proxies on every read. The second factor stays on it."""
    client = Client()
    device = TOTPDevice.objects.create(user=editor, name="Телефон", confirmed=True)
    log_in(client, editor.username)
    held = client.get(INDEX)
    assert held.status_code == 302 and held["Location"].startswith(VERIFY)
    assert type(held.wsgi_request.user) is type(editor)
    assert held.wsgi_request.user.is_verified() is False
    client.post(VERIFY, {"code": code_for(device), "next": INDEX})
    response = client.get(INDEX)
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert type(user) is type(editor) and user.pk == editor.pk
    assert user.is_verified() and user.otp_device == device


def test_whether_a_user_has_a_device_is_one_exists_query(editor, monkeypatch):
    """django-otp looked through every model of every app for the kinds of device, and
    fetched the user's devices, on every staff request: the kinds are found once, and each is
    asked with EXISTS. Same answers as django-otp's."""
    import django_otp
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pressoffice import twofactor

    twofactor.device_models()
    monkeypatch.setattr(django_otp, "device_classes", lambda: pytest.fail("models scanned"))
    assert twofactor.device_models() == (TOTPDevice,)
    unconfirmed = TOTPDevice.objects.create(user=editor, name="Телефон", confirmed=False)
    with CaptureQueriesContext(connection) as queries:
        assert twofactor.has_device(editor) is False
    assert len(queries) == 1 and "LIMIT 1" in queries[0]["sql"]
    assert twofactor.has_device(editor, confirmed=False) is True
    unconfirmed.confirmed = True
    unconfirmed.save()
    assert twofactor.has_device(editor) is True
    assert twofactor.has_device(UserFactory()) is False
    assert twofactor.has_device(AnonymousUser()) is False
