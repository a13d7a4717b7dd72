from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A member of the press office's staff; readers never need an account."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"

    def __str__(self):
        return self.get_full_name() or self.username
