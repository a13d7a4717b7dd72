"""Russian date formats where Django's own read wrong: a day with its month takes the genitive
(«5 декабря»), which Django writes in the nominative («5 Декабрь», the admin's date filter)."""

from django.conf.locale.ru.formats import *  # noqa: F403

MONTH_DAY_FORMAT = "j E"
