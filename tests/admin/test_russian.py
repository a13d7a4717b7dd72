"""Every admin page, as each role sees it, speaks Russian: no label in Latin letters only, and
no number next to a noun in the wrong form («15 материалы», «5 Декабрь») (issue 13, item 14).
"""

import re

import lxml.html
import pytest

from tests.factories import client_for
from tests.security.admin_world import admin_url_names, build_world, url_for
from toolkit.text import morph

pytestmark = pytest.mark.django_db

# Latin words a Russian newsroom writes as they are.
LATIN_WORDS = {"IT", "RSS", "Atom", "ISO", "TOTP", "QR", "Word", "docx", "Telegram", "VK", "OK",
               "CKEditor", "Email"}  # fmt: skip
LABELS = ("//label", "//thead//th", "//h1", "//h2", "//h3", "//legend", "//caption",
          "//button", "//input[@type='submit']/@value", "//div[@class='breadcrumbs']",
          "//select[@name='action']/option", "//div[@class='help']", "//p[@class='help']",
          "//ul[@class='messagelist']/li", "//p[@class='paginator']", "//title",
          "//h1")  # fmt: skip
NUMBER_NOUN = re.compile(r"(?<![\w.,:])(\d+)\s+([а-яё]+)", re.IGNORECASE)


def texts(html):
    page = lxml.html.fromstring(html)
    for bad in page.xpath("//script|//style|//textarea|//svg"):
        bad.drop_tree()
    for path in LABELS:
        for node in page.xpath(path):
            text = node if isinstance(node, str) else node.text_content()
            yield " ".join(text.split())


# Names of things, not labels: the demo site's domain, and django-axes' records, whose
# __str__ is an English f-string no translation reaches («Attempted Access: …»).
DATA = re.compile(r"^(example\.com|Attempted Access: .*|Failed access: .*|Access Log for .*)$")


def latin_only(text):
    if DATA.match(text):
        return False
    words = set(re.findall(r"[A-Za-z]{2,}", text)) - LATIN_WORDS
    return bool(words) and not re.search(r"[А-Яа-яЁё]", text)


def disagreeing(text):
    """«15 материалы», «2 журнал», «5 Декабрь»: a noun after a number that can only be
    nominative, in a form the number does not take. Genitive forms («5 декабря») pass."""
    found = []
    for number, word in NUMBER_NOUN.findall(text):
        if word.isupper() and len(word) > 1:
            continue  # abbreviations: «10 МБ»
        nouns = [p for p in morph().parse(word) if p.tag.POS == "NOUN"]
        if not nouns or any(p.tag.case in ("gent", "gen2") for p in nouns):
            continue
        n = int(number)
        one = n % 10 == 1 and n % 100 != 11
        plural = any(p.tag.number == "plur" and p.tag.case in ("nomn", "accs") for p in nouns)
        singular = any(p.tag.number == "sing" and p.tag.case in ("nomn", "accs") for p in nouns)
        if plural or (singular and not one):
            found.append(f"{number} {word}")
    return found


def not_accusative(text):
    """«Изменить персона», «Выберите пользователь для изменения»: the object of the admin's
    verbs in the nominative where the accusative is due (Django's titles)."""
    match = re.match(r"(?:Изменить|Добавить|Просмотреть|Выберите) ([а-яё-]+)", text, re.I)
    if not match:
        return []
    nouns = [p for p in morph().parse(match[1].lower()) if p.tag.POS == "NOUN"]
    return [match[0]] if nouns and not any(p.tag.case == "accs" for p in nouns) else []


def test_the_checks_catch_what_the_review_found():
    assert disagreeing("15 материалы, 3 комментарии, 2 журнал модерации, 5 Декабрь") == [
        "15 материалы", "3 комментарии", "2 журнал", "5 Декабрь",
    ]  # fmt: skip
    assert disagreeing("15 материалов, 3 комментария, 21 материал, 5 декабря, 10 МБ") == []
    assert latin_only("COMMENT ID") and not latin_only("Темы: IT") and not latin_only("Начало")
    assert not_accusative("Изменить персона") == ["Изменить персона"]
    assert not_accusative("Выберите пользователь для изменения")
    assert not_accusative("Изменить персону") == not_accusative("Изменить материал") == []


def test_every_admin_page_speaks_russian(db):
    from tests.conftest import ensure_migration_data

    ensure_migration_data()
    world = build_world()
    wrong = set()
    for role in ("author", "moderator", "editor", "superuser"):
        client = client_for(world["users"][role])
        for name in sorted(admin_url_names()):
            for state in ("draft", "published"):
                url = url_for(name, world, state)
                response = client.get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for text in texts(response.content.decode()):
                    if latin_only(text) and text not in world["users"]:  # a username
                        wrong.add(f"{url}: Latin only: «{text}»")
                    for pair in disagreeing(text) + not_accusative(text):
                        wrong.add(f"{url}: «{pair}» in «{text[:80]}»")
    assert not wrong, "\n".join(sorted(wrong))


def test_a_day_of_the_date_filter_takes_the_genitive(editor_client):
    import datetime

    from django.utils import timezone

    from tests.factories import ArticleFactory

    moment = timezone.make_aware(datetime.datetime(2026, 12, 5, 12, 0))
    ArticleFactory(published_at=moment)
    html = editor_client.get(
        "/admin/articles/article/", {"published_at__year": 2026, "published_at__month": 12}
    ).content.decode()
    assert "5 декабря" in html and "5 Декабрь" not in html


def test_messages_agree_with_their_numbers(capsys, db, settings, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("PORT", "8123")
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "Создано объектов:" in out and "объектов." not in out
    assert "http://127.0.0.1:8123/admin/" in out


def test_a_title_or_a_count_is_analysed_once_per_process(monkeypatch):
    """A morphological parse costs about 0.4 ms, and every admin page puts its title (twice)
    and its count through them: the same words are analysed once."""
    from toolkit import text
    from toolkit.templatetags import russian

    parses = []
    analyser = text.morph()

    class Counting:
        def parse(self, word):
            parses.append(word)
            return analyser.parse(word)

    monkeypatch.setattr(text, "morph", lambda: Counting())
    russian.accusative.cache_clear()
    russian._count_of.cache_clear()
    for _ in range(3):
        assert russian.admin_title("Выберите комментарий для просмотра") == (
            "Выберите комментарий для просмотра"
        )
        assert russian.admin_title("Изменить персона") == "Изменить персону"
        assert russian.count_of(15, "материал") == "15 материалов"
    assert sorted(parses) == ["комментарий", "материал", "персона"]
    russian.accusative.cache_clear()
    russian._count_of.cache_clear()
