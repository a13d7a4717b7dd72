from django.core.management.base import BaseCommand

from comments.moderation import notify_moderators


class Command(BaseCommand):
    help = (
        "Queues a digest for moderators of pending comments they have not been told about; the "
        "mail worker (runmailer) sends it. New comments already queue one (at most once per "
        "COMMENTS_NOTIFY_INTERVAL); run this from cron to flush the last ones of a burst."
    )

    def handle(self, *args, **options):
        count = notify_moderators(force=True)
        self.stdout.write(f"Оповещение о комментариях на модерации: {count}.")
