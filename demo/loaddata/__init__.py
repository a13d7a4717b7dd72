"""Realistic data at the size of a real press office, for load tests and benchmarks.

``manage.py generate_load_data`` (``make bench``) calls ``generate()``: officials with dated
appointments, topics, articles of text and quote blocks across every region, and threaded
reader comments, mostly approved; one seed always gives the same data.

    generator.py  the articles, chunk by chunk, and what save() would derive for them
    officials.py  the people quoted, with consecutive dated appointments
    threads.py    reader comments, threaded as django-comments-xtd threads them
    words.py      the pools of words and the demo's sentences the stories are made of
    rows.py       rows into a table by bulk (COPY on PostgreSQL, multi-row INSERT elsewhere)
"""

from .generator import UNTIL, generate
from .words import WORDS

__all__ = ["UNTIL", "WORDS", "generate"]
