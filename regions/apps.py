from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = "Регионы"

    def ready(self):
        from pagecache.tags import SITE, bump_on_change

        # Region names appear on every page that lists articles (and in the search filters).
        bump_on_change(SITE, self.get_model("Region"))
