"""Mail from the site goes into django-mailer's queue in the database, never straight to SMTP.

The mail worker sends it (docs/deploy.md). A request that sends mail therefore only inserts a
row: a mail server that refuses or never answers cannot fail or hold it.
"""

import logging

from django.db import DatabaseError, transaction
from mailer.backend import DbBackend

logger = logging.getLogger(__name__)


class QueueBackend(DbBackend):
    """django-mailer's queue, honouring ``fail_silently`` as Django's SMTP backend does.

    Django's AdminEmailHandler mails the admins with ``fail_silently=True`` from inside a
    request's error logging; with the database down, an error from the queue there would turn
    the friendly 503 into an unhandled exception.
    """

    def send_messages(self, email_messages):
        try:
            with transaction.atomic():  # a savepoint: a failed insert spoils no outer transaction
                return super().send_messages(email_messages)
        except DatabaseError:
            if not self.fail_silently:
                raise
            logger.warning("mail queue unavailable: %d message(s) dropped", len(email_messages))
            return 0
