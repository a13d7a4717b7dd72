"""Realistic data at the size of a real press office, for load tests and benchmarks.

``generate()`` adds officials with dated appointments, topics, articles of text and quote blocks
across every region, and threaded reader comments, mostly approved; one seed always gives the
same data. Rows go in by bulk (COPY on PostgreSQL, multi-row INSERT elsewhere) with article and
comment ids reserved up front, so blocks, regions, topics and threads point at their article and
parent without reading anything back. What ``save()`` would derive is derived here the same way:
sanitized block HTML, a quote's title on the article's date, slugs, approved-comment counts,
django-comments-xtd's thread order. PostgreSQL's search documents come from the triggers of
migration articles/0005, which fire on COPY too.
"""

import datetime
import html
import io
import itertools
import json
import math
import random
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django_comments_xtd import get_model as comment_model

from articles.models import SLUG_MAX_LENGTH, Article, Block, SlugRedirect, Topic
from articles.sanitize import sanitize_html
from people.models import Appointment, Person
from people.titles import acting_title
from recognition.plaintext import Quote, parse_story
from regions.models import Region
from toolkit.text import slugify_ru

from .loader import MORE_FILE, SEED_FILE

UNTIL = datetime.date(2026, 11, 1)  # the day after the newest generated story
PER_DAY = 40  # stories a day: 100,000 span about seven years
CHUNK = 1000  # articles (and their comments) per bulk statement
PENDING_SHARE = 0.05
COMMENT_DAYS = 30  # comments arrive within this many days of publication

# Word pools, "|" between entries. Titles take a region's genitive ({gen}), its head's title
# ({head}), an object ({what}), a field ({about}) or an event ({event}).
WORDS = {
    "topics": """Промышленность|Машиностроение|IT|Авиация|Металлообработка|Межрегиональное
        сотрудничество|Здравоохранение|Образование|Культура|Спорт|Транспорт|Дороги|Сельское
        хозяйство|Экология|Строительство|ЖКХ|Инвестиции|Малый бизнес|Социальная поддержка|
        Молодёжная политика|Туризм|Цифровизация""",
    "ministries": """здравоохранения|образования|промышленности и торговли|сельского хозяйства|
        строительства|транспорта|экономического развития|культуры|цифрового развития|физической
        культуры и спорта|природных ресурсов и экологии|финансов|социальной защиты населения|
        молодёжной политики""",
    "surnames": """Иванов|Смирнов|Кузнецов|Попов|Васильев|Петров|Соколов|Михайлов|Новиков|
        Фёдоров|Морозов|Волков|Алексеев|Лебедев|Семёнов|Егоров|Павлов|Козлов|Степанов|Николаев|
        Орлов|Андреев|Макаров|Никитин|Захаров|Зайцев|Соловьёв|Борисов|Яковлев|Григорьев|Романов|
        Воробьёв|Сергеев|Фролов|Александров|Дмитриев|Королёв|Гусев|Киселёв|Ильин|Максимов|Поляков|
        Сорокин|Виноградов|Ковалёв|Белов|Медведев|Антонов|Тарасов|Жуков|Баранов|Филиппов|Комаров|
        Давыдов|Беляев|Герасимов|Богданов|Осипов|Сидоров|Матвеев|Титов|Марков|Миронов|Крылов|
        Куликов|Карпов|Власов|Мельников|Денисов|Гаврилов|Тихонов|Казаков|Афанасьев|Данилов|
        Савельев|Тимофеев|Фомин|Чернов|Абрамов|Мартынов|Ефимов|Федотов|Щербаков|Назаров|Калинин|
        Исаев|Чернышёв|Быков|Маслов|Родионов|Коновалов|Лазарев|Воронин|Климов|Филатов|Пономарёв|
        Голубев|Кудрявцев|Прохоров|Наумов|Потапов|Журавлёв|Овчинников|Трофимов|Леонов|Соболев|
        Ермаков|Колесников|Гончаров|Емельянов|Никифоров|Грачёв|Котов|Гришин|Ефремов|Архипов|
        Громов|Кириллов|Малышев|Панов|Моисеев|Румянцев|Акимов|Кондратьев|Бирюков|Горбунов|
        Анисимов|Субботин|Вишневский|Ковальский|Островский|Русских|Черных|Шевчук|Бондаренко""",
    "men": """Александр|Алексей|Андрей|Антон|Артём|Борис|Вадим|Валерий|Василий|Виктор|Владимир|
        Вячеслав|Геннадий|Георгий|Глеб|Григорий|Денис|Дмитрий|Евгений|Егор|Иван|Игорь|Илья|Кирилл|
        Константин|Леонид|Максим|Михаил|Никита|Николай|Олег|Павел|Роман|Руслан|Сергей|Юрий""",
    "women": """Александра|Алина|Анастасия|Анна|Валентина|Вера|Виктория|Галина|Дарья|Екатерина|
        Елена|Ирина|Ксения|Лариса|Любовь|Людмила|Марина|Мария|Надежда|Наталья|Оксана|Ольга|
        Светлана|Татьяна|Юлия""",
    "patronymics": """Александрович|Алексеевич|Андреевич|Анатольевич|Борисович|Васильевич|
        Викторович|Владимирович|Геннадьевич|Иванович|Игоревич|Михайлович|Николаевич|Олегович|
        Павлович|Петрович|Сергеевич|Юрьевич|Дмитриевич|Евгеньевич|Степанович|Фёдорович""",
    "what": """программу поддержки малого бизнеса|план ремонта региональных дорог|новые меры
        поддержки семей с детьми|проект строительства школы|инвестиционную стратегию до 2030 года|
        план газификации сёл|программу обновления общественного транспорта|меры поддержки
        аграриев|проект нового индустриального парка|программу капитального ремонта больниц|план
        благоустройства дворов|соглашение о сотрудничестве с соседним регионом|итоги
        отопительного сезона|бюджет на следующий год|программу развития туризма|план подготовки
        к паводку|проект цифровой платформы для жителей""",
    "about": """развития промышленности|здравоохранения|подготовки к зиме|газификации|ремонта
        дорог|поддержки экспорта|цифровизации|экологии|дорожной безопасности|занятости молодёжи|
        строительства жилья|развития спорта|лекарственного обеспечения|поддержки сельского
        хозяйства|кадров для предприятий|капитального ремонта школ""",
    "event": """открыта новая поликлиника|стартовал приём заявок на гранты|завершён ремонт
        моста|прошла ярмарка вакансий|запущен новый автобусный маршрут|открылся центр «Мой
        бизнес»|подведены итоги уборочной|началась вакцинация от гриппа|открыт обновлённый
        стадион|прошёл инвестиционный форум|введён в эксплуатацию новый жилой дом""",
    "titles": """Правительство {gen} утвердило {what}|{head} {gen} представил {what}|{head} {gen}
        провёл совещание по вопросам {about}|В правительстве {gen} обсудили {what}|Депутаты {gen}
        одобрили {what}|{name}: {event}|Власти {gen} подвели итоги работы в сфере {about}|
        Предприятия {gen} нарастили выпуск продукции|Жители {gen} смогут оценить {what}|{name}: в
        регионе обсудили вопросы {about}""",
    "speech": """Мы продолжим эту работу и в следующем году.|Для нас важно, чтобы результат
        почувствовал каждый житель региона.|Все обязательства перед жителями будут выполнены в
        срок.|Это проект, который даст региону новые рабочие места.|Поставил задачу держать этот
        вопрос на личном контроле.|Главное — качество работ, а не отчёты о них.""",
    "readers": """Сергей|Ольга|Андрей|Наталья|Иван|Елена|Дмитрий|Татьяна|Алексей|Ирина|Михаил|
        Светлана|Николай|Марина|Павел|Юлия|Читатель|Пенсионер|Житель|Водитель|Учитель|Студентка""",
    "saying": """Хорошая новость.|Наконец-то!|Спасибо за информацию.|Интересно,|Давно
        пора.|Вопрос к властям:|Поддерживаю.|Отличная инициатива.|Сомневаюсь.""",
    "thought": """когда это дойдёт до нашего района?|у нас дорогу так и не отремонтировали.|
        надеюсь, всё сделают качественно и в срок.|будем ждать результатов.|а сколько это стоило
        бюджету?|в нашем посёлке тоже нужна такая программа.|работы идут, это видно.|хотелось бы
        больше подробностей.|молодцы, так держать.|про малые города опять забыли.""",
    "reply": "Согласен.|Не соглашусь.|У нас так же.|Уточните, пожалуйста:|Так и есть,",
}
WORDS = {name: [" ".join(w.split()) for w in text.split("|")] for name, text in WORDS.items()}
WITHDRAWN = "Материал снят с публикации по просьбе источника: данные уточняются."


@dataclass
class Summary:
    articles: int = 0
    comments: int = 0
    pending: int = 0
    people: int = 0
    topics: int = 0


@dataclass
class Official:
    pk: int
    weight: int
    starts: list = field(default_factory=list)  # of appointments, in order
    posts: list = field(default_factory=list)  # (ends_on, display title, region id)

    def post_on(self, date):
        index = bisect_right(self.starts, date) - 1
        if index >= 0 and (self.posts[index][0] is None or date <= self.posts[index][0]):
            return self.posts[index]
        return None


def generate(*, articles, comments, people=300, seed=1, until=UNTIL, progress=None):
    """Add ``articles`` articles and ``comments`` comments; ``progress(n)`` after n articles."""
    with transaction.atomic():
        if connection.vendor == "postgresql":  # ids are reserved below: nobody else may insert
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE articles_article, django_comments IN EXCLUSIVE MODE")
        summary = Generator(seed, until).run(articles, comments, people, progress)
        with connection.cursor() as cursor:
            base = comment_model()._meta.get_parent_list()[-1]
            for statement in connection.ops.sequence_reset_sql(no_style(), [Article, base]):
                cursor.execute(statement)
    return summary


class Generator:
    def __init__(self, seed, until):
        self.seed, self.until = seed, until
        self.tz = timezone.get_default_timezone()
        self.anchor = datetime.datetime.combine(until, datetime.time(), tzinfo=self.tz)
        self.summary = Summary()
        self.sentences, self.quotes, self.leads = text_pools()

    def rng(self, purpose):
        return random.Random(f"{self.seed}:{purpose}")

    def run(self, articles, comments, people, progress):
        self.topics = self.ensure_topics()
        self.subjects = list(Region.objects.subjects().order_by("position", "name"))
        days = max(1, math.ceil(articles / PER_DAY))
        self.first_day = self.until - datetime.timedelta(days=days)
        self.officials = self.add_people(people, self.first_day)
        self.cum_weights = list(itertools.accumulate(o.weight for o in self.officials))
        self.subject_of = {r.pk: r for r in self.subjects}
        rng = self.rng("plan")
        statuses = [status_for(rng.random()) for _ in range(articles)]
        public = [i for i, s in enumerate(statuses) if s == Article.Status.PUBLISHED]
        if comments and not public:
            raise ValueError("Комментариям нужны опубликованные материалы.")
        counts = [0] * articles
        if comments:
            # Most stories draw a few comments or none; a few draw hundreds.
            heat = [min(rng.paretovariate(1.2), 200.0) * (rng.random() < 0.6) for _ in public]
            for index in rng.choices(public, weights=heat, k=comments):
                counts[index] += 1
        self.taken = set(Article.objects.values_list("slug", flat=True))
        self.taken.update(SlugRedirect.objects.values_list("old_slug", flat=True))
        self.next_article = (Article.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        base = comment_model()._meta.get_parent_list()[-1]
        self.next_comment = (base.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.content_type = ContentType.objects.get_for_model(Article).pk
        rngs = self.rng("articles"), self.rng("comments")
        for start in range(0, articles, CHUNK):
            stop = min(start + CHUNK, articles)
            days_of = [
                self.first_day + datetime.timedelta(i * days // articles)
                for i in range(start, stop)
            ]
            self.write_chunk(rngs, statuses[start:stop], days_of, counts[start:stop])
            if progress:
                progress(stop - start)
        return self.summary

    def ensure_topics(self):
        names = set(Topic.objects.values_list("name", flat=True))
        for name in WORDS["topics"]:
            if len(names) >= 20:
                break
            if name not in names:
                Topic(name=name).save()
                names.add(name)
                self.summary.topics += 1
        return list(Topic.objects.order_by("name").values_list("pk", flat=True))

    def add_people(self, count, first_day):
        """Officials of every region, each holding a post on every day of the articles."""
        rng = self.rng("people")
        taken = set(Person.objects.values_list("slug", flat=True))
        names, persons, careers = set(), [], []
        for i in range(count):
            region = self.subjects[i % len(self.subjects)]
            woman = rng.random() < 0.3
            while True:
                last = rng.choice(WORDS["surnames"])
                first = rng.choice(WORDS["women"] if woman else WORDS["men"])
                father = rng.choice(WORDS["patronymics"])
                if woman:
                    last = feminine(last)
                if (last, first, father) not in names:
                    break
            names.add((last, first, father))
            slug = unique(slugify_ru(f"{first} {last}", max_length=116), taken)
            persons.append(
                Person(
                    last_name=last,
                    first_name=first,
                    patronymic=father[:-2] + "на" if woman else father,
                    slug=slug,
                )
            )
            careers.append(career(rng, i // len(self.subjects), region, first_day, self.until))
        persons = Person.objects.bulk_create(persons, batch_size=CHUNK)
        rows, officials, titles = [], [], {}
        for person, (weight, posts) in zip(persons, careers, strict=True):
            official = Official(person.pk, weight)
            for title, region, starts, ends, acting in posts:
                rows.append(
                    Appointment(
                        person=person,
                        title=title,
                        region=region,
                        starts_on=starts,
                        ends_on=ends,
                        acting=acting,
                    )
                )
                if acting and title not in titles:
                    titles[title] = acting_title(title)
                official.starts.append(starts)
                official.posts.append((ends, titles[title] if acting else title, region.pk))
            officials.append(official)
        Appointment.objects.bulk_create(rows, batch_size=CHUNK)
        self.summary.people = len(persons)
        return officials

    def write_chunk(self, rngs, statuses, days, counts):
        rng, comment_rng = rngs
        articles, blocks, regions, topics = [], [], [], []
        comment_rows = [], [], []
        for status, day, count in zip(statuses, days, counts, strict=True):
            pk = self.next_article
            self.next_article += 1
            story = self.story(rng, pk, status, day, blocks)
            regions.extend((pk, region) for region in story.pop("regions"))
            topics.extend((pk, topic) for topic in rng.sample(self.topics, rng.randint(1, 3)))
            if count:
                approved = self.comments(
                    comment_rng, pk, story["published_at"], count, comment_rows
                )
                story["comment_count"] = approved
            articles.append(story)
        write(Article, articles)
        write(Block, blocks)
        write(Article.regions.through, [{"article_id": a, "region_id": r} for a, r in regions])
        write(Article.topics.through, [{"article_id": a, "topic_id": t} for a, t in topics])
        chain = [*reversed(comment_model()._meta.get_parent_list()), comment_model()]
        for model, rows in zip(chain, comment_rows, strict=True):
            write(model, rows)
        self.summary.articles += len(articles)

    def story(self, rng, pk, status, day, blocks):
        """An article's row; its blocks are appended to ``blocks``."""
        minute = rng.randrange(8 * 60, 21 * 60)
        moment = datetime.datetime.combine(
            day, datetime.time(minute // 60, minute % 60), tzinfo=self.tz
        )
        quoted = []
        if self.officials:
            k = rng.choice((0, 1, 1, 1, 2))
            quoted = rng.choices(self.officials, cum_weights=self.cum_weights, k=k)
        undated = status in (Article.Status.DRAFT, Article.Status.REVIEW)
        date = self.until if undated else day  # Block.save takes today's title for undated
        posts = [(o.pk, o.post_on(date)) for o in quoted]
        posts = [(pk_, post) for pk_, post in posts if post]
        region = self.subject_of[posts[0][1][2]] if posts else rng.choice(self.subjects)
        regions = [region.pk]
        if rng.random() < 0.3:
            regions.append(region.parent_id)
        if rng.random() < 0.1:
            regions.append(rng.choice(self.subjects).pk)
        gen = region.name_genitive
        title = rng.choice(WORDS["titles"]).format(
            gen=gen,
            head=head_of(region),
            what=rng.choice(WORDS["what"]),
            about=rng.choice(WORDS["about"]),
            event=rng.choice(WORDS["event"]),
            name=region.name,
        )
        title = title[0].upper() + title[1:]
        lead = " ".join(rng.sample(self.leads, 2)).replace("{gen}", gen)
        texts = [self.paragraph(rng, gen) for _ in range(rng.randint(2, 5))]
        body = [("text", t) for t in texts]
        for person_pk, (_, person_title, _) in posts:
            quote = " ".join(rng.sample(self.quotes, rng.randint(1, 3)))
            body.insert(rng.randint(1, len(body)), ("quote", (person_pk, person_title, quote)))
        for position, (kind, content) in enumerate(body, start=1):
            row = {"article_id": pk, "position": position * 10, "kind": kind}
            if kind == "text":
                row["text"] = content
            else:
                row["person_id"], row["person_title"], row["quote"] = content
            blocks.append(row)
        created = moment - datetime.timedelta(minutes=rng.randrange(30, 600))
        row = {
            "id": pk,
            "title": title,
            "lead": lead,
            "status": status,
            "regions": dict.fromkeys(regions),
            "slug": unique(slugify_ru(title, max_length=SLUG_MAX_LENGTH - 8), self.taken),
            "comments_open": True,
            "comment_count": 0,
            "created_at": created,
            "updated_at": moment,
            "published_at": moment,
        }
        if status in (Article.Status.DRAFT, Article.Status.REVIEW):
            row["published_at"] = None
        elif status == Article.Status.WITHDRAWN:
            row["withdrawn_at"] = moment + datetime.timedelta(hours=rng.randrange(1, 72))
            row["withdrawn_reason"] = WITHDRAWN
            row["updated_at"] = row["withdrawn_at"]
        return row

    def paragraph(self, rng, gen):
        sentences = [s.replace("{gen}", gen) for s in rng.sample(self.sentences, rng.randint(2, 4))]
        if rng.random() < 0.15:
            sentences[0] = f"<strong>{html.escape(sentences[0])}</strong>"
            sentences[1:] = map(html.escape, sentences[1:])
        else:
            sentences = list(map(html.escape, sentences))
        return sanitize_html(f"<p>{' '.join(sentences)}</p>")

    def comments(self, rng, article, published_at, count, rows):
        """``count`` comments as django-comments-xtd threads them; returns how many approved."""
        end = min(published_at + datetime.timedelta(days=COMMENT_DAYS), self.anchor)
        window = (end - published_at).total_seconds()
        moments = sorted(
            published_at + datetime.timedelta(seconds=60 + rng.random() ** 3 * (window - 60))
            for _ in range(count)
        )
        nodes, children, open_ = {}, {}, []  # open_: approved comments that may get replies
        for moment in moments:
            pk = self.next_comment
            self.next_comment += 1
            public = rng.random() >= PENDING_SHARE
            parent = rng.choice(open_[-8:]) if open_ and rng.random() < 0.4 else None
            level = nodes[parent][1] + 1 if parent else 0
            reader = rng.randrange(20_000)
            opening = rng.choice(WORDS["reply" if parent else "saying"])
            text = sentence_case(f"{opening} {rng.choice(WORDS['thought'])}")
            nodes[pk] = [parent or pk, level, moment, public, reader, text]
            children.setdefault(parent, []).append(pk)
            if public and level < settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
                open_.append(pk)
        base_rows, xtd_rows, own_rows = rows
        for root in children.get(None, []):
            thread = []  # depth first, replies in the order written: xtd's "order"
            stack = [root]
            while stack:
                pk = stack.pop()
                thread.append(pk)
                stack.extend(reversed(children.get(pk, [])))
            nested = dict.fromkeys(thread, 0)
            for pk in reversed(thread):
                if nodes[pk][0] != pk:
                    nested[nodes[pk][0]] += nested[pk] + 1
            for order, pk in enumerate(thread, start=1):
                parent, level, moment, public, reader, text = nodes[pk]
                base_rows.append(
                    {
                        "id": pk,
                        "content_type_id": self.content_type,
                        "object_pk": str(article),
                        "site_id": settings.SITE_ID,
                        "user_name": WORDS["readers"][reader % len(WORDS["readers"])],
                        "user_email": f"reader{reader}@example.ru",
                        "comment": text,
                        "submit_date": moment,
                        "ip_address": f"10.{reader >> 8}.{reader & 255}.1",
                        "is_public": public,
                        "is_removed": False,
                    }
                )
                xtd_rows.append(
                    {
                        "comment_ptr_id": pk,
                        "thread_id": root,
                        "parent_id": parent,
                        "level": level,
                        "order": order,
                        "nested_count": nested[pk],
                    }
                )
                own_rows.append(
                    {
                        "xtdcomment_ptr_id": pk,
                        "consent_at": moment,
                        "policy_version": "1.0",
                        "notified_at": moment,
                    }
                )
        approved = sum(1 for node in nodes.values() if node[3])
        self.summary.comments += count
        self.summary.pending += count - approved
        return approved


def status_for(draw):
    if draw < 0.015:
        return Article.Status.DRAFT
    if draw < 0.025:
        return Article.Status.REVIEW
    if draw < 0.035:
        return Article.Status.WITHDRAWN
    return Article.Status.PUBLISHED


def head_of(region):
    if "Республик" in region.name:
        return "Глава"
    return "Мэр" if region.name == "Москва" else "Губернатор"


def career(rng, rank, region, first_day, until):
    """(quote weight, posts): consecutive appointments from before ``first_day`` on, open-ended.

    The head of a region comes from the regional government and is «врио» for some months.
    """
    gen = region.name_genitive
    span = (until - first_day).days
    early = first_day - datetime.timedelta(days=rng.randrange(400, 1500))
    change = first_day + datetime.timedelta(days=rng.randrange(-700, max(span, 1)))
    change = max(change, early + datetime.timedelta(days=30))
    day = datetime.timedelta(days=1)
    if rank == 0:
        confirmed = change + datetime.timedelta(days=rng.randrange(90, 300))
        return 3, [
            (
                f"Первый заместитель председателя правительства {gen}",
                region,
                early,
                change - day,
                False,
            ),
            (f"{head_of(region)} {gen}", region, change, confirmed - day, True),
            (f"{head_of(region)} {gen}", region, confirmed, None, False),
        ]
    ministry = WORDS["ministries"][(rank - 1 + region.pk) % len(WORDS["ministries"])]
    return 1, [
        (f"Заместитель министра {ministry} {gen}", region, early, change - day, False),
        (f"Министр {ministry} {gen}", region, change, None, False),
    ]


def feminine(surname):
    for masculine, female in (
        ("ский", "ская"),
        ("ов", "ова"),
        ("ёв", "ёва"),
        ("ев", "ева"),
        ("ин", "ина"),
    ):
        if surname.endswith(masculine):
            return surname[: -len(masculine)] + female
    return surname  # Русских, Шевчук: the same for women


def sentence_case(text):
    """Capitals after a full stop, «!» or «?»."""
    return re.sub(r"([.!?] )(\w)", lambda m: m[1] + m[2].upper(), text)


def unique(base, taken):
    """``base``, or ``base-2``, ``base-3``… whichever is free; taken from then on."""
    slug, number = base or "material", 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def text_pools():
    """Sentences of the demo stories ("{gen}" where a region was named), quotes, leads."""
    seed = parse_story(SEED_FILE.read_text(encoding="utf-8"))
    stories = json.loads(MORE_FILE.read_text(encoding="utf-8"))
    paragraphs = [p for p in seed.body if isinstance(p, str)]
    paragraphs += [p for story in stories for p in story["paragraphs"]]
    region = re.compile(r"\b(?:Ульяновской|Тульской) области\b")
    split = re.compile(r"(?<=[.!?])\s+(?=[А-ЯЁA-Z«])")
    sentences = [region.sub("{gen}", s) for p in paragraphs for s in split.split(p)]
    quotes = [s for item in seed.body if isinstance(item, Quote) for s in split.split(item.text)]
    leads = [region.sub("{gen}", s) for story in stories for s in split.split(story["lead"])]
    return sentences, quotes + WORDS["speech"], leads


def write(model, rows):
    """Insert dict ``rows`` into ``model``'s own table; unnamed columns get the field default."""
    if not rows:
        return
    fields = [
        f for f in model._meta.local_concrete_fields if f.attname in rows[0] or not f.primary_key
    ]
    defaults = {f.attname: f.get_default() for f in fields}
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(raw, "copy_expert"):
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join(copy_text(row.get(n, defaults[n])) for n in names) + "\n")
            buffer.seek(0)
            raw.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
            return
        adapt = [adapter(f) for f in fields]
        values = [
            [a(row.get(n, defaults[n])) for n, a in zip(names, adapt, strict=True)] for row in rows
        ]
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value):
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).translate(_COPY_ESCAPES)


def adapter(model_field):
    kind = model_field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    return lambda value: value
