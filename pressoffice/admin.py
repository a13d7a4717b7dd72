from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User

admin.site.site_header = "Пресс-служба: управление сайтом"
admin.site.site_title = "Пресс-служба"
admin.site.index_title = "Редакция"


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "last_name", "first_name", "email", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]
