import os

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import Article

from ...comments import load_demo_comments
from ...events import load_demo_events
from ...loader import DEMO_PASSWORD, SEED_TITLE, DemoLoader
from ...press import load_demo_press


class Command(BaseCommand):
    help = (
        "Loads the demo newsroom: the seed story with comments, more stories, people; "
        "running it again changes nothing."
    )

    def handle(self, *args, **options):
        loader = DemoLoader(accounts=settings.DEMO_ACCOUNTS)
        accounts = loader.load()
        if load_demo_comments(Article.objects.get(title=SEED_TITLE)):
            loader.created.append("комментарии к главной новости")
        if load_demo_press():
            loader.created.append("раздел «Для СМИ»")
        if load_demo_events(report=Article.objects.get(title=SEED_TITLE)):
            loader.created.append("анонсы")
        if loader.created:
            self.stdout.write(f"Создано объектов: {len(loader.created)}.")
        else:
            self.stdout.write("Демонстрационные данные уже загружены, ничего не изменено.")
        if not settings.DEBUG:
            self.stdout.write("Рабочие настройки: учётные записи не создавались.")
            return
        address = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
        self.stdout.write(f"\nВход в редакцию: http://{address}/admin/")
        for user in accounts:
            groups = ", ".join(user.groups.values_list("name", flat=True))
            self.stdout.write(f"  {user.username} / {DEMO_PASSWORD}  ({groups})")
