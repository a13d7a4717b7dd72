"""Approved comments of an article as threads, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils import timezone

from .models import Comment


@dataclass
class Node:
    comment: Comment
    children: list = field(default_factory=list)


def comments_of(article):
    content_type = ContentType.objects.get_for_model(article)
    return Comment.objects.filter(content_type=content_type, object_pk=str(article.pk))


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
    """One page of threads (oldest first) with their replies, and the page object."""
    approved = comments_of(article).approved()
    thread_ids = approved.filter(level=0).order_by("thread_id").values_list("thread_id", flat=True)
    page = Paginator(thread_ids, settings.COMMENTS_THREADS_PER_PAGE).get_page(page_number)
    rows = (
        approved.filter(thread_id__in=list(page.object_list))
        .select_related("user")
        .order_by("thread_id", "order")
    )
    return page, build_tree(rows)


@dataclass
class Row:
    """A comment as the thread template writes it: one flat loop, no include per comment."""

    comment: Comment
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
                # HTML's datetime takes at most three fraction digits: whole seconds.
                timezone.localtime(comment.submit_date).isoformat(timespec="seconds"),
            ))  # fmt: skip
            walk(node.children, depth + 1)
            if index == len(nodes) - 1 and depth:
                # A subtree always ends with a leaf: it closes the list it ends.
                rows[-1].closing += "</ol></li>"

    walk(threads, 0)
    return rows
