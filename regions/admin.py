from django.contrib import admin

from toolkit.guards import ChangelistGuard

from .models import Region


@admin.register(Region)
class RegionAdmin(ChangelistGuard, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "code", "slug"]
    list_filter = ["kind", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_genitive", "short_name", "code"]
    ordering = ["position"]
    fields = ["name", "name_genitive", "short_name", "kind", "parent", "code", "slug", "position"]

    def get_queryset(self, request):
        # The articles' region picker (autocomplete) offers the office's own subject and its
        # municipalities first; the changelist applies its own ordering over this.
        return super().get_queryset(request).office_first()
