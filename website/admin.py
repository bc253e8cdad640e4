from django.contrib import admin

from .models import HomePage, PrivacyNotice, Question, TreatmentText


class SingletonAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HomePage)
class HomePageAdmin(SingletonAdmin):
    fieldsets = (
        (None, {"fields": ("headline", "intro", "what_is_smp", "who_it_is_for")}),
        ("How it works", {"fields": ("consultation", "sessions", "aftercare", "top_ups")}),
    )


@admin.register(TreatmentText)
class TreatmentTextAdmin(admin.ModelAdmin):
    list_display = ("__str__", "description", "position", "is_shown")
    list_editable = ("position", "is_shown")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("question", "position", "is_shown")
    list_editable = ("position", "is_shown")


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(SingletonAdmin):
    pass
