"""Reader comments of generated stories, threaded as django-comments-xtd threads them.

Comment ids are reserved up front, so a reply names its parent and thread without reading
anything back; the rows of the three tables of the comment model's chain are returned, not
written, and the generator writes them with its articles.
"""

import datetime

from django.conf import settings

from .words import WORDS, sentence_case

PENDING_SHARE = 0.05
COMMENT_DAYS = 30  # comments arrive within this many days of publication


class Threads:
    """Comments numbered from ``next_pk``, none later than ``anchor``; counts what it made."""

    def __init__(self, *, next_pk, content_type, anchor):
        self.next_pk, self.content_type, self.anchor = next_pk, content_type, anchor
        self.comments = self.pending = 0

    def add(self, rng, article, published_at, count, rows):
        """``count`` comments under ``article`` as django-comments-xtd threads them, appended to
        ``rows`` (a list per table of the comment model's chain); returns how many approved."""
        end = min(published_at + datetime.timedelta(days=COMMENT_DAYS), self.anchor)
        window = (end - published_at).total_seconds()
        moments = sorted(
            published_at + datetime.timedelta(seconds=60 + rng.random() ** 3 * (window - 60))
            for _ in range(count)
        )
        nodes, children, open_ = {}, {}, []  # open_: approved comments that may get replies
        for moment in moments:
            pk = self.next_pk
            self.next_pk += 1
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
        self.comments += count
        self.pending += count - approved
        return approved
