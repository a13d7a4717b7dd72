"""The words that tell what role a region plays in a sentence, for ``regions.salience``:
who acts there (its authorities), where people and goods come from or go, routes, venues,
makers, comparisons, births, neighbours; and the marks that end a clause or a sentence."""

AUTHORITIES = frozenset(
    {"власть", "правительство", "губернатор", "глава", "администрация", "министерство", "мэр",
     "врио", "руководство", "делегация", "представитель", "парламент", "дума", "собрание"}
)  # fmt: skip
CENTRE_DECISIONS = frozenset(
    {"решение", "позиция", "согласие", "одобрение", "поддержка", "помощь", "ответ", "указание"}
)
# A route, and a stop on the way: «через Красноярский край», «с пересадкой в Тюмени».
ROUTE = frozenset({"через", "мимо", "обход", "пересадка", "транзит", "стыковка"})
EVENTS = frozenset(
    {"выставка", "форум", "конференция", "съезд", "саммит", "ярмарка", "фестиваль", "конгресс"}
)
CONJUNCTIONS = frozenset({"и", "или", ","})
# Where people and goods come from or go to, and a line between two places.
FROM = frozenset({"из", "изо", "от", "до", "между", "после"})
APPROVALS = frozenset(
    {"согласовать", "согласовывать", "утвердить", "утверждать", "одобрить", "одобрять",
     "защитить", "защищать"}
)  # fmt: skip
INTO = frozenset({"в", "во", "на"})
MAKERS = frozenset(
    {"завод", "фабрика", "компания", "предприятие", "производитель", "верфь", "комбинат",
     "поставщик", "фирма"}
)  # fmt: skip
PLACES = frozenset(
    {"район", "город", "посёлок", "село", "часть", "сторона", "юг", "север", "запад", "восток",
     "округ", "граница"}
)  # fmt: skip
# «по примеру Татарстана», «опыт Кузбасса», «по казанской схеме»: a model to follow.
MODELS = frozenset(
    {"опыт", "пример", "схема", "модель", "образец", "практика", "рецепт", "сценарий"}
)
# An adjective of a place on these is the region's own voice («брянский губернатор», «томский
# коллега»); on anything else it says where people or things come from («казанские строители»).
OWN_VOICE = AUTHORITIES | frozenset(
    {"коллега", "чиновник", "депутат", "сенатор", "полпред", "парламентарий", "мэрия",
     "ведомство", "минздрав", "минсельхоз", "кабмин", "облдума", "заксобрание"}
)  # fmt: skip
# People of a region who come as guests: «Новосибирцы стали главными гостями Байкала».
VISITORS = frozenset(
    {"гость", "турист", "посетитель", "отдыхающий", "путешественник", "экскурсант"}
)
# «Похожее соглашение раньше заключили Татарстан и Чувашия»: another region's like case.
LIKENESS = frozenset({"похожий", "аналогичный", "подобный"})
# «Камчатка присоединится позже»: a region that may join later is not in the story yet.
JOINING = frozenset({"присоединиться", "подключиться", "присоединяться", "подключаться"})
MODALS = frozenset({"мочь", "планировать", "собираться", "готовый", "намереваться"})
# «второе место у Северной Осетии»: a rival in a ranking; the story is about the winner.
PLACINGS = frozenset({"второй", "третий", "четвёртый", "пятый", "второе", "третье"})
NEIGHBOURS = frozenset({"соседний", "сосед", "соседка"})
BIRTH = frozenset({"родиться", "рождаться", "родившийся", "уроженец", "уроженка", "родина"})
COMPARISON = frozenset({"как", "чем"})
DASHES = frozenset({"—", "–", "-"})
QUOTES = frozenset({"«", "»", '"', "“", "”", "„"})
SENTENCE_ENDS = frozenset({".", "!", "?", "…"})
CLAUSE_WORDS = frozenset({"VERB", "INFN", "CONJ", "PREP", "PRTS", "GRND"})
GATHERINGS = EVENTS | frozenset(
    {"совещание", "заседание", "встреча", "переговоры", "церемония", "подписание", "сессия"}
)
