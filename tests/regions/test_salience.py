"""Which of the regions a story names it is about (regions.salience, issue 14): the story
is tagged with where things happen and who acts, not with every place it mentions."""

import pytest

from regions.salience import story_regions

pytestmark = pytest.mark.django_db

TUL = "Тульская область"
MOW = "Москва"


def about(text, head=""):
    """The names of the regions ``text`` is about; a municipality counts as its subject, as
    the evaluation scores it (the stories here are about subjects)."""
    text = f"{head}\n{text}" if head else text
    found = story_regions(text, head_length=len(head))
    names = [region.parent.name if region.is_municipality else region.name for region in found]
    return list(dict.fromkeys(names))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A route, a venue, and the capital as the other side of a request: not the story's.
        ("Тульская область пустит автобус через Московскую область.", [TUL]),
        ("Тульская область подписала соглашение на форуме в Екатеринбурге.", [TUL]),
        ("Тульская область просит Москву продлить программу.", [TUL]),
        ("Без решения Москвы Тульская область не начнёт стройку.", [TUL]),
        # Named once in another role than the one acting: in passing.
        ("Тульская область открыла ярмарку. Приехали гости из Воронежа и Тамбова.", [TUL]),
        ("Туляки отдыхают на Кубани. Тульская область платит за путёвки.", [TUL]),
        ("Тульская область получила автобусы, собранные в Нижегородской области.", [TUL]),
        # What the story is about stays, whatever else it names.
        ("Москва и Тульская область договорились о маршрутах.", [MOW, TUL]),
        ("Тульская область строит. Власти Калужской области обещали помочь.",
         [TUL, "Калужская область"]),
        ("Тульская область строит дорогу. Опытом поделились Татарстан и Башкирия.",
         [TUL, "Республика Татарстан", "Республика Башкортостан"]),
        # Regions joined by «и» play one part.
        ("Тульская область строит. Власти Калужской области и Подмосковья обещали помочь.",
         [TUL, "Калужская область", "Московская область"]),
        # Named twice in the body where things happen.
        ("Тульская область строит. В Калуге тоже строят. Работы в Калуге закончат весной.",
         [TUL, "Калужская область"]),
        # Where people and goods come from or go is not where the story happens, however
        # often it is named: «из», «от», «до», and «в»/«на» with the accusative.
        ("Тульская область строит. Гости из Калуги. Автобусы идут в Калугу.", [TUL]),
        ("Тульская область открыла терминал для рыбы с Камчатки и Сахалина. Школу строили "
         "подрядчики со Ставрополья. Рыба с Камчатки пойдёт дальше.", [TUL]),
        ("Тульская область строит. Договор подписан с Калужской областью. "
         "Калужская область строит тоже.", [TUL, "Калужская область"]),
        ("Тульская область строит. Рейсы до Брянска. Пациентов из приграничных районов "
         "Брянской области примут в Туле.", [TUL]),
        ("Тульская область открыла ярмарку. Участвовали мастера из Вологды, Кирова, Рязани. "
         "Гостей привезли из Москвы и Рязани.", [TUL]),
        # A list reaches back only for its case: Калужская here acts.
        ("Тульская область строит. Приехав из Москвы, калужская делегация осмотрела стройку. "
         "Калужская делегация осталась довольна.", [TUL, "Калужская область"]),
        # Where something was made, stops on a line, a comparison.
        ("Тульская область получила трамваи. Контракт с заводом в Усть-Катаве Челябинской "
         "области подписан. Такие же вагоны сделал завод в Челябинской области.", [TUL]),
        ("Тульская область запустит теплоход на линии Рыбинск — Ярославль — Кострома.",
         [TUL]),
        ("Тульская область гордится самоваром. Это символ, как вологодское кружево для "
         "Вологодчины.", [TUL]),
        ("Тульская область открыла зимники. Для сравнения, на Таймыре в Красноярском крае "
         "зимники только намораживают.", [TUL]),
        # A border, a line «между», a route through a crossing, approval by the centre.
        ("Тульская область открыла центр. Данные передаст центр в подмосковном Пушкине.", [TUL]),
        ("Тульская область и Калужская область подписали соглашение во Владивостоке, где "
         "проходило совещание. Паром построят на верфи «Звезда» в Большом Камне в Приморье.",
         [TUL, "Калужская область"]),
    ],
    ids=lambda value: value[:40] if isinstance(value, str) else None,
)  # fmt: skip
def test_a_story_is_about_the_regions_that_act_in_it(text, expected):
    assert about(text) == expected


def test_where_people_come_from_or_go_in_the_headline_and_the_lead_does_not_count():
    lead = (
        "Тула, 1 декабря. В Туле открыли ярмарку. Больше всего гостей приехало из Москвы, "
        "Рязани и Калуги, а мебель для павильонов сделали на фабрике в Брянске."
    )
    assert about(lead, head="Из Тулы запустят прямые рейсы в Новосибирск") == [TUL]


def test_the_headline_and_the_lead_make_a_region_the_storys():
    body = "Тамбовская область открыла ярмарку. Приехали гости из Воронежа."
    assert about(body) == ["Тамбовская область"]
    assert about("Тамбовская область открыла ярмарку.", head="Воронежцы на тамбовской ярмарке") == [
        "Воронежская область",
        "Тамбовская область",
    ]
    # Unless the body says what part it plays: «гости из Воронежа».
    assert about(body, head="Воронежцы на тамбовской ярмарке") == ["Тамбовская область"]
    # Regions joined by «и» play one part: the headline's Moscow counts with Tula.
    assert about(
        "Тульская область довольна.", head="В Москве и Тульской области открыли школы"
    ) == [
        MOW,
        TUL,
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Форум пройдёт в Екатеринбурге.",
        "Дорогу проложат через Красноярский край.",
        "Регион просит Москву о помощи.",
        "Приехали гости из Воронежа.",
    ],
)
def test_a_region_named_only_in_passing_is_kept_when_nothing_else_is_named(text):
    assert len(about(text)) == 1


def test_once_the_headline_names_the_storys_region_a_single_mention_in_the_body_is_in_passing():
    body = "Выше по течению лежат Саратовская и Самарская области. Паводок прошёл."
    assert about(body, head="Волгоградская область готовится к паводку") == [
        "Волгоградская область"
    ]
    # Without a region in the headline the same sentence's subjects are the story's.
    assert about(body) == ["Саратовская область", "Самарская область"]


def test_a_regions_own_authorities_opening_a_sentence_make_it_the_storys():
    head = "На Сахалине пустят третий паром"
    body = "Паром пойдёт из Холмска. Власти Хабаровского края пообещали обновить причал."
    assert about(body, head=head) == ["Сахалинская область", "Хабаровский край"]
    # Its governor as a title in an attribution is named in passing.
    body = "Паром пойдёт из Холмска. «Причал обновим», — сказал губернатор Хабаровского края."
    assert about(body, head=head) == ["Сахалинская область"]


def test_a_border_names_the_neighbour_in_passing():
    body = "Бор лежит на границе Тульской и Калужской областей. Приезжают туляки и калужане."
    assert about(body, head="Тульская область открыла бор") == [TUL]


@pytest.mark.parametrize(
    "head",
    [
        "Поезд пойдёт между Тулой и Москвой",
        "Проект парка согласовали в Москве",
        "Зерно пойдёт через сухопутные переходы в Забайкалье",
    ],
)
def test_a_line_a_route_and_the_centres_approval_in_the_headline_do_not_count(head):
    assert about("Тульская область довольна.", head=head) == [TUL]


def test_a_mentions_cases_are_read_once_per_token(monkeypatch):
    """Several rules ask a mention's grammatical cases (in passing? acting? governed?): each
    of its words is parsed for them once per story, not once per rule."""
    from regions import roles

    analyser = roles.morph()
    parsed = []

    class Counting:
        def parse(self, word):
            parsed.append(word)
            return analyser.parse(word)

    monkeypatch.setattr(roles, "morph", Counting)
    # In the body, the subject of its sentence: «in passing» and «acts» both ask its cases.
    body = "Автобусы вышли на линию. Тульская область закупила ещё десять."
    assert about(body) == [TUL]
    assert parsed.count("тульская") == 1
    assert parsed.count("область") == 1


def test_only_the_leads_first_sentence_leads_the_later_ones_read_as_the_body():
    head = (
        "В Туле открыли завод\n"
        "ТУЛА, 5 декабря. В Туле заработал завод окон. Первые окна получат стройки в Калуге."
    )
    assert about("Губернатор Тульской области осмотрел цех.", head=head) == [TUL]
    # Without the dateline and the later sentence, the same lead names Калуга as the story's.
    head = "В Туле открыли завод\nВ Туле заработал завод окон, стройки в Калуге получат окна."
    assert about("Губернатор Тульской области осмотрел цех.", head=head) == [
        TUL,
        "Калужская область",
    ]


def test_authorities_taking_part_in_a_later_sentence_of_the_lead_make_their_region_the_storys():
    head = (
        "В Туле обсудили дороги\n"
        "Совещание о дорогах прошло в Туле. В нём участвовали представители Калужской области."
    )
    assert about("Решения примут в декабре.", head=head) == [TUL, "Калужская область"]


def test_a_lead_whose_first_sentence_names_no_region_leads_whole():
    head = "Школа откроется к сентябрю\nШкола откроется к сентябрю. Решение принял губернатор "
    head += "Тверской области."
    body = "На праздник пришли москвичи и петербуржцы."
    assert about(body, head=head) == ["Тверская область"]


@pytest.mark.parametrize(
    "head",
    [
        "В Туле собрали станки для заводов Калужской области",
        "Тульские футболисты обыграли калужан",
        "В Туле открыли памятник поэту, родившемуся в Калуге",
        "Мэр Тулы, раньше работавший в Калуге, подвёл итоги года",
        "Из Тулы пойдут вагоны для калужских строителей",
    ],
)
def test_a_region_the_headline_names_as_an_attribute_does_not_win_over_where_it_happens(head):
    assert about("Губернатор Тульской области осмотрел цех.", head=head) == [TUL]


def test_the_headline_still_makes_its_subject_place_and_authorities_the_storys():
    body = "Работы закончат к весне."
    assert about(body, head="Калужские строители сдали мост") == ["Калужская область"]
    assert about(body, head="Глава Калуги открыл мост") == ["Калужская область"]


def test_a_region_named_only_as_an_attribute_of_people_or_things_is_not_the_storys():
    text = (
        "Тульская область открыла завод. Удобрения получат аграрии Кубани. "
        "Первые вагоны ушли к аграриям Кубани."
    )
    assert about(text) == [TUL]
    text = "Тульская область открыла завод. Станки сделали для Калуги. Для Калуги и Брянска."
    assert about(text) == [TUL]
    text = (
        "Тульская область открыла школу. Её спроектировало бюро, которое раньше строило "
        "школы в Калуге. Мебель сделала фирма, которая работает в Калуге."
    )
    assert about(text) == [TUL]


@pytest.mark.parametrize(
    "text",
    [
        "Тульская область открыла музей. Поэт родился в 1840 году в Калуге. Музей открыт.",
        "Тульская область открыла музей. Гости приехали и из соседней Калужской области.",
    ],
)
def test_a_birthplace_and_a_neighbour_are_named_in_passing(text):
    assert about(text, head="В Туле открыли музей поэта") == [TUL]


def test_a_story_naming_each_region_once_keeps_the_one_not_named_in_passing():
    head = "Жители Тулы получат автобусы из Нижнего Новгорода"
    body = "Автобусы собрали на заводе в Нижнем Новгороде."
    assert about(body, head=head) == [TUL]


def test_the_genitive_of_the_noun_opening_the_headline_acts_through_its_people():
    head = "Жители Калуги получат автобусы для школ Тулы"
    assert about("Автобусы выйдут на линии в январе.", head=head) == ["Калужская область"]
    # An adjective qualifies its own noun, not the subject: «капитан тульской команды».
    head = "Капитан тульской команды забил гол в Калуге"
    assert about("Матч прошёл в субботу.", head=head) == ["Калужская область"]


@pytest.mark.parametrize(
    "head",
    [
        "Калужские мостостроители сдали переправу в Туле",
        "Бывший калужский врач возглавил больницу в Туле",
        "Тульский «Арсенал» обыграл калужскую «Звезду»",
        "Туляки ждут калужских туристов на новогодние праздники",
    ],
)
def test_a_places_adjective_on_people_or_things_says_where_they_come_from(head):
    """«калужские мостостроители», «калужский врач» and «калужская «Звезда»» come from
    Kaluga; the story happens where the dateline and the sentences say."""
    body = "ТУЛА, 3 декабря. Губернатор Тульской области поздравил горожан. Врач из Калуги "
    body += "приехал в Тулу. Клуб из Калуги уехал домой."
    assert about(body, head=head) == [TUL]


def test_a_places_adjective_on_its_authorities_is_the_regions_own_voice():
    head = "Калужский губернатор и тульский коллега подписали соглашение"
    assert about("Соглашение вступит в силу весной.", head=head) == ["Калужская область", TUL]


@pytest.mark.parametrize(
    "head",
    [
        "Тула будет убирать снег по калужской схеме",
        "Тула построит технопарк по примеру Калуги",
        "Тульские врачи переймут опыт Калужской области",
    ],
)
def test_a_model_to_follow_from_elsewhere_is_named_in_passing(head):
    body = "ТУЛА, 3 декабря. Работы начнутся весной. Похожий технопарк уже работает в "
    body += "Калужской области."
    assert about(body, head=head) == [TUL]


def test_a_regions_people_who_come_as_guests_are_named_in_passing():
    head = "Калужане стали самыми частыми гостями тульских музеев"
    body = "ТУЛА, 3 декабря. Музеи Тульской области подвели итоги года. Больше всего гостей "
    body += "приехало из Калуги."
    assert about(body, head=head) == [TUL]
    # The region's own people acting at home are its news.
    body = "ТУЛА, 3 декабря. Музеи Тульской области подвели итоги года."
    assert about(body, head="Калужане построили музей") == ["Калужская область", TUL]


def test_another_regions_like_case_is_a_comparison():
    body = (
        "ТУЛА, 3 декабря. Тульская область и Рязанская область договорились о вертолётах. "
        "Вертолёты сделаны на калужском заводе. Похожее соглашение раньше подписали "
        "Калужская и Брянская области."
    )
    head = "Тула и Рязань будут вместе возить пациентов вертолётами"
    assert about(body, head=head) == [TUL, "Рязанская область"]


@pytest.mark.parametrize(
    ("head", "body"),
    [
        # Where something was before: «после» as «из».
        ("После Калуги выставка кружева приехала в Тулу", "ТУЛА, 3 декабря. Выставку открыли."),
        # A region that may join later is not in the story yet.
        (
            "Тула и Рязань будут вместе готовить врачей, Калуга присоединится позже",
            "ТУЛА, 3 декабря. Тульская и Рязанская области подписали соглашение.",
        ),
        (
            "Тула и Рязань будут вместе готовить врачей",
            "ТУЛА, 3 декабря. Тульская и Рязанская области подписали соглашение. Калужская "
            "область тоже может присоединиться к программе.",
        ),
        # A rival placed behind the winner.
        (
            "Тульские борцы выиграли турнир, второе место у Калуги",
            "ТУЛА, 3 декабря. Сборная Тульской области победила. Второе место заняла команда "
            "Калужской области.",
        ),
        # The body says what part the headline's region plays: a venue.
        (
            "Тульский завод покажет новые станки в Калуге",
            "ТУЛА, 3 декабря. Завод в Туле выпустил станки.\nИх покажут на выставке в Калуге.",
        ),
    ],
)
def test_a_region_before_after_or_behind_the_story_is_named_in_passing(head, body):
    found = about(body, head=head)
    assert "Калужская область" not in found and found[0] == TUL


@pytest.mark.parametrize(
    ("head", "body"),
    [
        # A team named after a city, in quotation marks.
        (
            "Тульский «Арсенал» обыграл «Калугу» в финале",
            "ТУЛА, 3 декабря. В финале туляки обыграли сверстников из «Калуги».",
        ),
        # A stop on the way.
        (
            "Из Тулы полетят прямые рейсы без пересадки в Калуге",
            "ТУЛА, 3 декабря. Раньше летали с пересадкой в Калуге.",
        ),
        # The region's people as guests, named by an adjective; a like case with «такой же».
        (
            "В Туле открыли центр для пенсионеров",
            "ТУЛА, 3 декабря. Калужские гости осмотрели центр: там собираются открыть такие же "
            "центры в Калуге и Обнинске.",
        ),
        # Who may join, after the verb.
        (
            "Тула и Рязань запустят общий маршрут",
            "ТУЛА, 3 декабря. Тульская и Рязанская области подписали соглашение. К маршруту "
            "может присоединиться Таруса в Калужской области.",
        ),
    ],
)
def test_a_team_a_stop_guests_and_a_joiner_after_the_verb_are_named_in_passing(head, body):
    found = about(body, head=head)
    assert "Калужская область" not in found and found[0] == TUL
