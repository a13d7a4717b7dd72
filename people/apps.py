from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "Персоны"

    def ready(self):
        from pagecache.tags import SITE, bump_on_change

        # Names and posts appear on every page (signatures, lists, filters).
        bump_on_change(SITE, self.get_model("Person"), self.get_model("Appointment"))
