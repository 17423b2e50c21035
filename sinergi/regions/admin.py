from django.contrib import admin

from sinergi.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "is_current")
    list_filter = ("level", "kind", "is_current")
    search_fields = ("code", "name_search")

    def has_add_permission(self, request):
        return False  # reference data comes from `sinergi regions load`

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
