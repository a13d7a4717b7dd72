"""Which of the regions a press story names it is about.

A story names more regions than it should be tagged with: where the buses were made, where
the tourists come from, which roads lead out, who may join «в будущем». Tagging all of them
fills every region's page with news that is not theirs. The rules, from how press stories
are written (``tests/paste_eval``):

* A region the headline or the lead's first sentence names is the story's (``regions.lead``:
  an agency lead's later sentences read as the body), as is one the body names twice; but
  a headline's attribute («для аграриев Кубани», «обыграли пензенцев», «родившегося в
  Воткинске») counts as the body, and a region named only as an attribute never wins.
* When the headline and the lead name no region, one the body names once is the story's
  when it acts there: the subject of its sentence («Севастополь подключится…») or the
  genitive of its authorities («Власти Хабаровского края пообещали…»). Named in any other
  role («гости из Воронежа», «жителей Москвы», «грузовики идут на Казань», «завод в
  Нижегородской области») it is mentioned in passing. When they do name one, a single
  mention in the body is in passing whatever its role («Выше по течению лежат Саратовская и
  Самарская области»; «в проекте участвуют Норильск, Братск…»), unless its own authorities
  open the sentence («Власти Хабаровского края пообещали…»).
* Precision first: the preview offers the regions named in passing, unticked; a region left
  out costs one tick, one wrongly tagged puts the story on a page where it does not belong.
* Never the story's while another region is, wherever it is named, the headline included:
  a route or a line («через Красноярский край», «на линии Рыбинск — Ярославль — Кострома»,
  «между Кисловодском и Москвой»), a border («на границе Оренбургской и Самарской
  областей»), an event's venue («на выставке в Екатеринбурге», «во Владивостоке, где
  проходило совещание»), where people and goods come from or go («туристы из Москвы,
  Владимира и Казани», «до Брянска», «рыба с Камчатки», «рейсы в Новосибирск»: «в» and
  «на» with the accusative), where something was made («на заводе в Усть-Катаве»), a
  comparison («как вологодское кружево для Вологодчины», «Для сравнения, на Таймыре…»),
  «Москва» as the other side of a request or a relation («просит Москву», «без решения
  Москвы», «спор с Москвой», «согласовали в Москве»), a birthplace, a neighbour («в
  соседней Удмуртии»). No rule reads across the end of a line.
* A place's adjective on people or things says where they come from («казанские
  строители сдали школу в Новочебоксарске», «обыграл петербургский «Зенит»»): an attribute.
  On its authorities it is the region's own voice («брянский губернатор», «томский коллега»).
  A model to follow is elsewhere («по примеру Татарстана», «опыт Кузбасса», «по казанской
  схеме»): in passing, as are its people as guests («Новосибирцы стали главными гостями
  Байкала») and its like case («Похожее соглашение раньше заключили Татарстан и Чувашия»).
* Nor a region that may join later («Камчатка присоединится позже»), a rival placed behind
  («второе место у Северной Осетии»), or one the body names only in passing: the body says
  what part the headline's place plays («покажет коллекцию в Сочи» → «на выставке в Сочи»).
* A story that names no region twice has those it names in a way that counts, else all.
"""

from . import cues, roles
from .lead import first_sentence_end


def story_regions(text, *, head_length=0):
    """The regions ``text`` is about, in order of first mention; its first ``head_length``
    characters are the headline and the lead."""
    words, found = roles.read(text)
    regions, weight, counted_in = {}, {}, {}
    passing = {m.start for m in found if roles.in_passing(words, m) or _in_chain(words, m, found)}
    passing |= _explained_by_the_body(words, found, passing, first_sentence_end(text, head_length))
    counting = [m for m in found if m.start not in passing]
    headed = any(words.spans[m.start][0] < head_length for m in counting)
    first = first_sentence_end(text, head_length)
    if not any(words.spans[m.start][0] < first for m in counting):
        first = head_length  # the first sentence names no region: the whole lead leads
    head = (first, head_length)
    for group in _coordinated(words, found):
        scores = [_score(words, mention, head, headed, passing) for mention in group]
        # «в Москве и Тульской области»: regions joined by «и» play one part.
        score = 0 if 0 in scores else max(scores)
        # «в подмосковном Пушкине» names Moscow oblast once, not twice.
        named = {region.pk: region for mention in group for region in mention.regions}
        for pk, region in named.items():
            regions.setdefault(pk, region)
            weight[pk] = weight.get(pk, 0) + score
            if score:
                counted_in.setdefault(pk, []).append(group[0])
    central = [region for pk, region in regions.items() if weight[pk] >= 2]
    if len(central) > 1:
        # A region named only as an attribute of people or things («для аграриев Кубани»,
        # «команда Тывы») does not win over one where things happen or that acts.
        itself = [r for r in central
                  if not all(roles.attribute(words, m) for m in counted_in[r.pk])]  # fmt: skip
        central = itself or central
    # Named once each: those named where things happen or who act, else all of them.
    counted = [region for pk, region in regions.items() if weight[pk] > 0]
    return central or counted or list(regions.values())


def _coordinated(words, found):
    """Mentions in groups: those separated only by «и», «или» or a comma make one, as do
    two side by side that name one region («в подмосковном Пушкине»); never across a line
    (a headline ending «…приехала в Тулу» and the dateline «ТУЛА, 3 декабря»)."""
    groups = []
    for mention in found:
        same_line = groups and words.line[groups[-1][-1].start] == words.line[mention.start]
        between = words.tokens[groups[-1][-1].end : mention.start] if same_line else None
        side_by_side = between == [] and bool(
            {r.pk for r in groups[-1][-1].regions} & {r.pk for r in mention.regions}
        )
        joined = bool(between) and all(token.lower() in cues.CONJUNCTIONS for token in between)
        if side_by_side or joined:
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def _score(words, mention, head, headed, passing):
    """0 in passing, 2 when it makes the region the story's, 1 otherwise. Once the head has
    named the story's regions, one the body names once is there in passing even as its
    sentence's subject («Выше по течению лежат Саратовская и Самарская области»). ``head``:
    where the lead's first sentence and the lead end; the lead's later sentences count as the
    body, but for the authorities taking part («В нём участвовали представители Ямала»)."""
    if mention.start in passing:
        return 0
    first, head_length = head
    at = words.spans[mention.start][0]
    if at < first:  # a headline's attribute counts as the body
        return 1 if words.line[mention.start] == 0 and roles.attribute(words, mention) else 2
    if at < head_length:
        return 2 if roles.authorities_of(words, mention) else 1
    if roles.governs(words, mention):
        return 2  # «Власти Хабаровского края пообещали…»: its own authorities act
    return 1 if headed or not roles.acts(words, mention) else 2


def _in_chain(words, mention, found):
    """A stop on a line or a route written with dashes: «на линии Рыбинск — Ярославль —
    Кострома», «маршрут Москва — Нижний Новгород»."""
    tokens, start, end = words.tokens, mention.start, mention.end
    after = (
        end + 1 < len(tokens)
        and tokens[end] in cues.DASHES
        and words.line[end] == words.line[start]
    )
    before = start - 1 > words.line[start] and tokens[start - 1] in cues.DASHES
    return (after and any(m.start == end + 1 for m in found)) or (
        before and any(m.end == start - 1 for m in found)
    )


def _explained_by_the_body(words, found, passing, head_length):
    """The head's mentions of a region that the body names only in passing: the body says
    what part it plays («…покажет коллекцию в Сочи» in the headline, «покажут на выставке в
    Сочи» below)."""
    head, body = {}, {}
    for mention in found:
        side = head if words.spans[mention.start][0] < head_length else body
        for region in mention.regions:
            side.setdefault(region.pk, []).append(mention.start)
    return {
        start
        for pk, starts in head.items()
        if body.get(pk) and all(at in passing for at in body[pk])
        for start in starts
    }
