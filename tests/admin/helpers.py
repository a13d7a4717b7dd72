"""Shared by the admin tests: a new article's form as the browser posts it."""


def inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form(**overrides):
    data = {
        "title": "Губернатор открыл новый мост",
        "slug": "",
        "lead": "Мост через Волгу открыт для движения.",
        "_publish": "Опубликовать",
        "published_at_0": "26.11.2026",
        "published_at_1": "14:30:00",
        "comments_open": "on",
        "cover_alt": "",
        "cover_caption": "",
        "cover_credit": "",
        **inline_management("blocks", 3),
        **inline_management("photos", 0),
    }
    data.update(overrides)
    return data
