"""Factories for tests: realistic Russian data, fixed defaults that tests override by name."""

import datetime

import factory
from django.utils import timezone

from articles.models import Article, Block, Photo, Topic
from people.models import Appointment, Person
from pressoffice.models import User
from regions.models import Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


def client_for(user):
    """A test client logged in as ``user``; anonymous for None."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def staff_member(role, **kwargs):
    """A staff user in the group of ``role`` (a name from pressoffice.roles)."""
    from django.contrib.auth.models import Group

    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Тема {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    last_name = factory.Sequence(lambda n: f"Иванов{n}")
    first_name = "Иван"
    patronymic = "Иванович"


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    title = "Губернатор Тульской области"
    starts_on = datetime.date(2020, 1, 1)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, an hour old unless told otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Новость номер {n} о жизни региона")
    lead = "Главное о событии в одном предложении."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class TextBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    article = factory.SubFactory(ArticleFactory)
    kind = Block.Kind.TEXT
    position = factory.Sequence(lambda n: n * 10)
    text = "<p>Абзац текста.</p>"


class QuoteBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    article = factory.SubFactory(ArticleFactory)
    kind = Block.Kind.QUOTE
    position = factory.Sequence(lambda n: n * 10)
    person = factory.SubFactory(PersonFactory)
    quote = "Слова должностного лица."


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    article = factory.SubFactory(ArticleFactory)
    image = factory.django.ImageField(width=800, height=450, format="JPEG")
    alt = "Участники круглого стола за столом переговоров"
    credit = "Пресс-служба"


def region(slug):
    return Region.objects.get(slug=slug)


class CoveredArticleFactory(ArticleFactory):
    """A published article with a cover photo described as the rules require."""

    cover = factory.django.ImageField(width=1600, height=900, format="JPEG", color="steelblue")
    cover_alt = "Губернаторы пожимают друг другу руки за столом переговоров"
    cover_caption = "Подписание соглашения о сотрудничестве"
    cover_credit = "Пресс-служба губернатора"


class PortraitPersonFactory(PersonFactory):
    """An official with a portrait: upright, taller than wide, as agencies send them."""

    photo = factory.django.ImageField(width=600, height=800, format="JPEG", color="darkseagreen")
    photo_alt = factory.LazyAttribute(lambda person: f"{person.first_name} {person.last_name}")
