import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Block

pytestmark = pytest.mark.django_db

DEMO_MODELS = ["articles.Article", "articles.Block", "articles.Photo", "articles.Topic",
               "people.Person", "people.Appointment", "pressoffice.User",
               "comments.Comment", "events.Event"]  # fmt: skip


def snapshot():
    """Every row of the demo's tables, as values, with the many-to-many links."""
    rows = {}
    for label in DEMO_MODELS:
        model = apps.get_model(label)
        rows[label] = list(model.objects.order_by("pk").values())
    rows["article_regions"] = list(
        Article.regions.through.objects.order_by("pk").values_list("article_id", "region_id")
    )
    rows["article_topics"] = list(
        Article.topics.through.objects.order_by("pk").values_list("article_id", "topic_id")
    )
    return rows


def test_load_demo_twice_gives_the_same_database(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first
    assert len(first["articles.Article"]) == 15


def test_seed_story_is_loaded_word_for_word():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    article = Article.objects.get(
        slug="gubernatory-ulyanovskoy-i-tulskoy-oblastey-podpisali-soglashenie-o-sotrudnichestve"
    )
    assert article.lead.startswith("Губернаторы Ульяновской и Тульской областей подписали")
    kinds = [block.kind for block in article.blocks.all()]
    assert kinds == ["text"] * 3 + ["quote", "text", "quote", "text", "quote", "text"]
    quotes = article.blocks.filter(kind=Block.Kind.QUOTE).select_related("person")
    assert [(q.person.display_name, q.person_title.upper()) for q in quotes] == [
        ("Дмитрий МИЛЯЕВ", "ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ"),
        ("Наталья АРТЕМЬЕВА", "ИСПОЛНИТЕЛЬНЫЙ ДИРЕКТОР ЦЕНТРА КОМПЕТЕНЦИЙ РАЗВИТИЯ "
         "ПРОМЫШЛЕННОСТИ УЛЬЯНОВСКОЙ ОБЛАСТИ"),
        ("Алексей РУССКИХ", "ГУБЕРНАТОР УЛЬЯНОВСКОЙ ОБЛАСТИ"),
    ]  # fmt: skip
    assert sorted(article.regions.values_list("name", flat=True)) == [
        "Приволжский федеральный округ", "Тула", "Тульская область",
        "Ульяновская область", "Центральный федеральный округ",
    ]  # fmt: skip
    assert set(article.topics.values_list("name", flat=True)) >= {
        "Машиностроение", "IT", "Металлообработка", "Авиация",
    }  # fmt: skip
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    assert sum(a.is_scheduled for a in Article.objects.all()) == 1


def test_demo_accounts_only_in_development(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo")
    assert not get_user_model().objects.exists()
    assert "учётные записи не создавались" in capsys.readouterr().out

    settings.DEBUG = True
    call_command("load_demo")
    users = get_user_model().objects.order_by("username")
    assert [(u.username, u.groups.get().name) for u in users] == [
        ("author", "Авторы"), ("editor", "Редакторы"), ("moderator", "Модераторы"),
        ("press", "Пресс-секретари"),
    ]  # fmt: skip
    assert all(u.is_staff and not u.is_superuser for u in users)
    assert "editor / pressoffice-demo" in capsys.readouterr().out


def test_demo_seed_story_has_a_comment_thread_and_one_pending(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from comments.models import Comment

    article = Article.objects.get(title__startswith="Губернаторы Ульяновской")
    assert article.comment_count == 3
    assert Comment.objects.pending().count() == 1
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('<li class="comment') == 3
    assert html.count("comment--official") == 1  # the press office's reply, badged
    assert "Когда будет следующая встреча?" not in html


def test_demo_fills_the_press_section_once():
    from press.models import Channel, Contact

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Contact.objects.count() == 2
    assert sorted(Channel.objects.values_list("kind", flat=True)) == ["ok", "telegram", "vk"]
