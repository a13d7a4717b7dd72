from django.conf import settings
from django.core.management.base import BaseCommand

from articles.demo.loader import DEMO_PASSWORD, SEED_TITLE, DemoLoader
from articles.models import Article
from comments.demo import load_demo_comments


class Command(BaseCommand):
    help = (
        "Loads the demo newsroom: the seed story with comments, more stories, people; "
        "running it again changes nothing."
    )

    def handle(self, *args, **options):
        loader = DemoLoader()
        accounts = loader.load()
        if load_demo_comments(Article.objects.get(title=SEED_TITLE)):
            loader.created.append("комментарии к главной новости")
        if loader.created:
            self.stdout.write(f"Создано: {len(loader.created)} объектов.")
        else:
            self.stdout.write("Демонстрационные данные уже загружены, ничего не изменено.")
        if not settings.DEBUG:
            self.stdout.write("Рабочие настройки: учётные записи не создавались.")
            return
        self.stdout.write("\nВход в редакцию: http://127.0.0.1:8000/admin/")
        for user in accounts:
            groups = ", ".join(user.groups.values_list("name", flat=True))
            self.stdout.write(f"  {user.username} / {DEMO_PASSWORD}  ({groups})")
