from django.core.management.base import BaseCommand

from comments.moderation import notify_moderators


class Command(BaseCommand):
    help = (
        "Mails moderators a digest of pending comments they have not been told about. New "
        "comments already trigger it (at most once per COMMENTS_NOTIFY_INTERVAL); run this from "
        "cron to flush the last ones of a burst."
    )

    def handle(self, *args, **options):
        count = notify_moderators(force=True)
        self.stdout.write(f"Оповещение о комментариях на модерации: {count}.")
