"""The accreditation form: a valid request is queued with consent; every bad input gets a
Russian message and saves nothing; spam and floods are turned away; never a 500."""

import pytest
from django.test import Client

from press.models import AccreditationRequest
from pressoffice.roles import EDITORS
from tests.factories import client_for, staff_member
from tests.press.helpers import URL, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_journalists(settings):
    settings.COMMENTS_MIN_SECONDS = 0


def refused(client, data, message, status=400):
    response = client.post(URL, data)
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert not AccreditationRequest.objects.exists()
    return html


def test_valid_request_is_queued_with_consent_and_the_journalist_sees_the_confirmation(
    client, settings
):
    response = client.post(URL, form_data(), follow=True)
    assert response.redirect_chain == [("/press/accreditation/sent/", 302)]
    assert "Заявка на аккредитацию получена" in response.content.decode()
    request = AccreditationRequest.objects.get()
    assert request.status == AccreditationRequest.Status.NEW
    assert (request.outlet, request.name) == ("Городская газета «Вести Заволжья»", "Анна Журавлёва")
    assert request.event == "Заседание правительства 15 декабря"
    assert request.consent_at is not None
    assert request.policy_version == settings.PERSONAL_DATA_POLICY_VERSION


def test_spaces_are_tidied_and_a_cyrillic_address_is_taken(client):
    client.post(URL, form_data(outlet="  Вести   Заволжья ", email="анна@пример.рф"))
    request = AccreditationRequest.objects.get()
    assert (request.outlet, request.email) == ("Вести Заволжья", "анна@пример.рф")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"outlet": ""}, "Укажите издание, которое вы представляете."),
        ({"outlet": "   "}, "Укажите издание, которое вы представляете."),
        ({"name": ""}, "Укажите имя и фамилию."),
        ({"name": "Я" * 201}, "«Имя и фамилия»: не длиннее 200 знаков."),
        ({"email": ""}, "Укажите адрес электронной почты: на него придёт ответ."),
        ({"email": "anna@"}, "Проверьте адрес электронной почты"),
        ({"phone": ""}, "Укажите телефон для связи."),
        ({"phone": "12-34"}, "Проверьте номер телефона"),
        ({"phone": "позвоните мне"}, "Проверьте номер телефона"),
        ({"event": ""}, "Укажите мероприятие или период аккредитации."),
        ({"event": "с" * 501}, "«Мероприятие или период»: не длиннее 500 знаков."),
        ({"outlet": "Газета\x00"}, "Данные содержат запрещённый символ"),
    ],
)
def test_bad_input_is_refused_in_russian(client, overrides, message):
    html = refused(client, form_data(**overrides), message)
    assert "Заявка не отправлена." in html


def test_consent_is_required(client):
    no_consent = "Без согласия на обработку персональных данных заявка не принимается."
    html = refused(client, form_data(consent=None), no_consent)
    assert 'href="/personal-data/"' in html  # the policy the journalist consents to


def test_consent_names_the_data_it_covers(client):
    html = client.get(URL).content.decode()
    assert "(имени, адреса электронной почты, телефона и названия издания)" in html
    assert 'name="consent"' in html and "checked" not in html  # never ticked beforehand


def test_the_honeypot_turns_a_program_away(client):
    refused(client, form_data(website="http://spam.example"), "похоже, форму заполнила программа")


def test_a_request_sent_faster_than_a_person_types_is_refused(client, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    refused(client, form_data(), "Заявка отправлена слишком быстро")


@pytest.mark.parametrize(
    "overrides",
    [
        {"security_hash": "0" * 40},
        {"timestamp": "1"},
        {"content_type": "articles.article"},  # a comment form's signature does not fit
        {"timestamp": None, "security_hash": None},
    ],
)
def test_a_forged_or_stale_form_is_refused(client, overrides):
    refused(client, form_data(**overrides), "Форма устарела. Обновите страницу")


def test_a_comment_forms_signature_is_not_a_requests(client):
    """The signed fields name what the form is about: an article's signature opens nothing."""
    from comments.forms import CommentForm
    from tests.factories import ArticleFactory

    signed = CommentForm(ArticleFactory()).generate_security_data()
    refused(client, form_data(**signed), "Форма устарела. Обновите страницу")


def test_the_same_request_twice_is_refused_while_the_first_waits(client):
    assert client.post(URL, form_data()).status_code == 302
    response = client.post(URL, form_data(email="ANNA.ZHURAVLEVA@example.ru"))
    assert response.status_code == 400
    assert "Такая заявка уже отправлена" in response.content.decode()
    assert AccreditationRequest.objects.count() == 1


def test_an_address_is_limited_in_accepted_requests(client, settings):
    settings.ACCREDITATION_RATE = "2/h"
    for number in range(2):
        assert client.post(URL, form_data(event=f"Мероприятие {number}")).status_code == 302
    response = client.post(URL, form_data(event="Ещё одно"))
    assert response.status_code == 429
    assert "Слишком много заявок с вашего адреса" in response.content.decode()
    assert AccreditationRequest.objects.count() == 2
    other = Client(REMOTE_ADDR="198.51.100.7")  # another reader is not held up
    assert other.post(URL, form_data(event="Ещё одно")).status_code == 302


def test_refused_requests_do_not_use_up_the_quota(client, settings):
    settings.ACCREDITATION_RATE = "1/h"
    for _ in range(2):
        assert client.post(URL, form_data(phone="")).status_code == 400
    assert client.post(URL, form_data()).status_code == 302


def test_a_stream_of_refused_requests_is_stopped_before_any_query(
    client, settings, django_assert_num_queries
):
    settings.ACCREDITATION_REFUSED_RATE = "3/h"
    for _ in range(3):
        assert client.post(URL, form_data(phone="")).status_code == 400
    with django_assert_num_queries(0):
        response = client.post(URL, form_data())
    assert response.status_code == 429
    assert "Слишком много неудачных попыток" in response.content.decode()
    assert not AccreditationRequest.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"timestamp": "не число", "security_hash": "x"},
        {"timestamp": "9" * 40},
        {"consent": ["on", "off"], "outlet": ["а", "б"]},
    ],
)
def test_garbage_never_gives_a_500(client, data):
    response = client.post(URL, data)
    assert response.status_code == 400
    assert not AccreditationRequest.objects.exists()


def test_only_get_and_post(client):
    assert client.put(URL).status_code == 405


def test_the_form_works_for_a_reader_with_a_session(client):
    """Staff (or anyone with a session) get the page rendered live, and may send it."""
    signed_in = client_for(staff_member(EDITORS))
    page = signed_in.get(URL)
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert signed_in.post(URL, form_data()).status_code == 302
    assert AccreditationRequest.objects.count() == 1


def test_the_form_checks_csrf(db):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, form_data()).status_code == 403
    assert not AccreditationRequest.objects.exists()
