"""The demo newsroom: the seed story word for word, a few more stories, people and accounts."""

import datetime
import json
import random
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageDraw

from articles.models import Article, Block, Topic
from people.models import Appointment, Person
from recognition.plaintext import Quote, parse_story
from regions.models import Region

DEMO_DIR = Path(__file__).resolve().parent
SEED_FILE = DEMO_DIR / "seed-article.txt"
MORE_FILE = DEMO_DIR / "more-articles.json"

SEED_TITLE = "Губернаторы Ульяновской и Тульской областей подписали соглашение о сотрудничестве"
SEED_PUBLISHED_AT = datetime.datetime(2026, 11, 26, 14, 30)
SEED_REGIONS = [
    "ulyanovskaya-oblast",
    "tulskaya-oblast",
    "privolzhsky-federalny-okrug",
    "tsentralny-federalny-okrug",
    "tula",  # the city, a municipality of the office's subject: the delegation visited it
]
SEED_TOPICS = [
    "Межрегиональное сотрудничество",
    "Промышленность",
    "Машиностроение",
    "IT",
    "Металлообработка",
    "Авиация",
]
TULA_GOVERNOR = "Губернатор Тульской области"
ULYANOVSK_GOVERNOR = "Губернатор Ульяновской области"
COMPETENCE_CENTRE = "Центр компетенций развития промышленности Ульяновской области"

# Appointment dates are illustrative demo data, not an official record.
# (title, region slug, organisation, starts on, ends on, acting)
PEOPLE = [
    {
        "last_name": "Миляев",
        "first_name": "Дмитрий",
        "patronymic": "Вячеславович",
        "appointments": [
            (TULA_GOVERNOR, "tulskaya-oblast", "", (2021, 10, 7), (2022, 9, 22), True),
            (TULA_GOVERNOR, "tulskaya-oblast", "", (2022, 9, 23), None, False),
        ],
    },
    {
        "last_name": "Артемьева",
        "first_name": "Наталья",
        "patronymic": "",
        "appointments": [
            (
                "Исполнительный директор Центра компетенций развития промышленности "
                "Ульяновской области",
                "ulyanovskaya-oblast",
                COMPETENCE_CENTRE,
                (2023, 1, 9),
                None,
                False,
            ),
        ],
    },
    {
        "last_name": "Русских",
        "first_name": "Алексей",
        "patronymic": "Юрьевич",
        "appointments": [
            (ULYANOVSK_GOVERNOR, "ulyanovskaya-oblast", "", (2021, 4, 27), (2021, 9, 23), True),
            (ULYANOVSK_GOVERNOR, "ulyanovskaya-oblast", "", (2021, 9, 24), None, False),
        ],
    },
]

DEMO_PASSWORD = "pressoffice-demo"


def local(naive):
    return timezone.make_aware(naive, timezone.get_default_timezone())


def demo_cover(seed):
    """A generated abstract picture in the region's colours, so lists show real images."""
    rng = random.Random(seed)
    width, height = 1200, 675
    image = Image.new("RGB", (width, height), (11, 42, 82))
    draw = ImageDraw.Draw(image)
    palette = [(29, 79, 145), (200, 16, 46), (240, 244, 248), (62, 124, 196), (18, 58, 110)]
    for _ in range(14):
        x, y = rng.randrange(-200, width), rng.randrange(-200, height)
        size = rng.randrange(120, 520)
        draw.ellipse((x, y, x + size, y + size), fill=rng.choice(palette))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"demo-{seed}.jpg")


class DemoLoader:
    """``accounts``: (username, first name, group) of the staff to create under DEBUG, the
    author second; the project names them (``settings.DEMO_ACCOUNTS``), since the roles are
    the project's (pressoffice/roles.py)."""

    def __init__(self, *, stdout=None, accounts=()):
        self.stdout = stdout
        self.accounts = accounts
        self.created = []

    def say(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    @transaction.atomic
    def load(self):
        accounts = self.load_accounts() if settings.DEBUG else []
        author = accounts[1] if accounts else None
        people = {p.last_name: p for p in (self.load_person(data) for data in PEOPLE)}
        self.load_seed_story(people, author)
        self.load_more_stories(author)
        return accounts

    def load_accounts(self):
        users = []
        user_model = get_user_model()
        for username, first_name, group_name in self.accounts:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={"first_name": first_name, "last_name": "Демо", "is_staff": True},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.add(Group.objects.get(name=group_name))
                self.created.append(f"пользователь {username}")
            users.append(user)
        return users

    def load_person(self, data):
        person, created = Person.objects.get_or_create(
            last_name=data["last_name"],
            first_name=data["first_name"],
            defaults={"patronymic": data["patronymic"]},
        )
        if created:
            self.created.append(f"персона {person.full_name}")
            for title, region, organisation, starts, ends, acting in data["appointments"]:
                Appointment.objects.create(
                    person=person,
                    title=title,
                    region=Region.objects.get(slug=region),
                    organisation=organisation,
                    starts_on=datetime.date(*starts),
                    ends_on=datetime.date(*ends) if ends else None,
                    acting=acting,
                )
        return person

    def create_article(
        self, *, title, lead, published_at, status, regions, topics, author, cover_seed
    ):
        if Article.objects.filter(title=title).exists():
            return None
        article = Article(
            title=title, lead=lead, status=status, published_at=published_at, author=author
        )
        if cover_seed is not None:
            article.cover = demo_cover(cover_seed)
            article.cover_alt = "Абстрактная иллюстрация: круги в синих, белых и красных тонах"
            article.cover_caption = "Иллюстрация к материалу"
            article.cover_credit = "демонстрационное изображение"
        article.save()
        article.regions.set(Region.objects.filter(slug__in=regions))
        article.topics.set([Topic.objects.get_or_create(name=name)[0] for name in topics])
        self.created.append(f"материал «{title}»")
        return article

    def load_seed_story(self, people, author):
        story = parse_story(SEED_FILE.read_text(encoding="utf-8"))
        article = self.create_article(
            title=SEED_TITLE,
            lead=story.lead,
            published_at=local(SEED_PUBLISHED_AT),
            status=Article.Status.PUBLISHED,
            regions=SEED_REGIONS,
            topics=SEED_TOPICS,
            author=author,
            cover_seed=0,
        )
        if article is None:
            return
        for position, item in enumerate(story.body, start=1):
            if isinstance(item, Quote):
                person = people[item.last_name]
                block = Block(
                    article=article, kind=Block.Kind.QUOTE, person=person, quote=item.text
                )
                block.person_title = person.title_on(article.published_at)
                if block.person_title.upper() != item.title:
                    raise ValueError(f"Demo title of {person} differs from the seed: {item.title}")
            else:
                block = Block(article=article, kind=Block.Kind.TEXT, text=f"<p>{escape(item)}</p>")
            block.position = position * 10
            block.save()

    def load_more_stories(self, author):
        stories = json.loads(MORE_FILE.read_text(encoding="utf-8"))
        for number, data in enumerate(stories, start=1):
            status = Article.Status.PUBLISHED
            if data["status"] == "draft":
                status, published_at = Article.Status.DRAFT, None
            elif data["status"] == "scheduled":
                published_at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(
                    days=7
                )
            else:
                published_at = local(datetime.datetime.fromisoformat(data["published_at"]))
            article = self.create_article(
                title=data["title"],
                lead=data["lead"],
                published_at=published_at,
                status=status,
                regions=data["regions"],
                topics=data["topics"],
                author=author,
                cover_seed=number if number % 3 else None,
            )
            if article is None:
                continue
            for position, paragraph in enumerate(data["paragraphs"], start=1):
                Block.objects.create(
                    article=article, position=position * 10, text=f"<p>{escape(paragraph)}</p>"
                )
