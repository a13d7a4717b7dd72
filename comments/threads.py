"""Approved comments of an article as threads, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils import timezone

from toolkit.compiled import Compiled

from .models import Comment


@dataclass
class Shown:
    """What the thread shows of a comment: read as plain values, not as a Comment (whose
    model and user join cost more than rendering it)."""

    pk: int
    user_name: str
    comment: str
    submit_date: object
    is_official: bool
    level: int
    parent_id: int
    thread_id: int


SHOWN = ("pk", "user_name", "comment", "submit_date", "is_official", "level", "parent_id",
         "thread_id")  # fmt: skip
ONE_QUERY = 300  # an article with at most this many approved comments is read in one query


@dataclass
class Node:
    comment: Shown
    children: list = field(default_factory=list)


def comments_of(article):
    return _comments(ContentType.objects.get_for_model(article).pk, str(article.pk))


def _comments(content_type, object_pk):
    return Comment.objects.filter(content_type=content_type, object_pk=object_pk)


# An article's approved comments in thread order, with SQL built once per process
# (toolkit/compiled.py): building it was a tenth of the comments' part of a fully cold page.
APPROVED_ROWS = Compiled(
    lambda content_type, object_pk: (
        _comments(content_type, object_pk)
        .approved()
        .order_by("thread_id", "order")
        .values_list(*SHOWN)
    ),
    content_type=int,
    object_pk=str,
)


def build_tree(comments):
    """Nodes of ``comments`` (ordered by thread and order), roots first; a reply whose parent
    is not among them (hidden, rejected) is left out with its own replies."""
    nodes, roots = {}, []
    for comment in comments:
        node = Node(comment)
        if comment.level == 0:
            roots.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id].children.append(node)
        else:
            continue
        nodes[comment.pk] = node
    return roots


def thread_page(article, page_number):
    """One page of threads (oldest first) with their replies, and the page object.

    An article with few comments (its stored count) is read in one query and paged in
    Python; a long discussion in three (the count, the page's thread ids, their comments).
    """
    per_page = settings.COMMENTS_THREADS_PER_PAGE
    if article.comment_count <= ONE_QUERY:
        content_type = ContentType.objects.get_for_model(article).pk
        found = APPROVED_ROWS.fetch(Comment, content_type=content_type, object_pk=str(article.pk))
        rows = [Shown(*values) for values in found]
        thread_ids = [row.thread_id for row in rows if row.level == 0]
        page = Paginator(thread_ids, per_page).get_page(page_number)
        wanted = set(page.object_list)
        return page, build_tree(row for row in rows if row.thread_id in wanted)
    approved = comments_of(article).approved().order_by("thread_id", "order")
    thread_ids = approved.filter(level=0).values_list("thread_id", flat=True)
    page = Paginator(thread_ids, per_page).get_page(page_number)
    rows = approved.filter(thread_id__in=list(page.object_list)).values_list(*SHOWN)
    return page, build_tree(Shown(*values) for values in rows)


@dataclass
class Row:
    """A comment as the thread template writes it: one flat loop, no include per comment."""

    comment: Shown
    has_children: bool
    closing: str  # the «</ol></li>» pairs that end the reply lists this comment is last in
    report_url: str
    iso_date: str


def flatten(threads, report_url):
    """The threads in document order. ``report_url`` has «0» where the comment's pk goes:
    one ``reverse()`` per page rather than per comment."""
    prefix, _, suffix = report_url.rpartition("0")
    rows = []

    def walk(nodes, depth):
        for index, node in enumerate(nodes):
            comment = node.comment
            rows.append(Row(
                comment, bool(node.children), "", f"{prefix}{comment.pk}{suffix}",
                # The displayed time has minutes; seconds would add bytes and nothing a reader sees.
                timezone.localtime(comment.submit_date).isoformat(timespec="minutes"),
            ))  # fmt: skip
            walk(node.children, depth + 1)
            if index == len(nodes) - 1 and depth:
                # A subtree always ends with a leaf: it closes the list it ends.
                rows[-1].closing += "</ol></li>"

    walk(threads, 0)
    return rows
