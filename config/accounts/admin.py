"""API tokens in the admin: made for an account with an expiry, the key shown once on the
page that follows, revoked by deleting. knox's own admin lists digests and lets a token be
made that never expires, so this one takes its place."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.authtoken.models import TokenProxy

from config.accounts.tokens import token_key_set, token_lifetime

admin.site.unregister(AuthToken)
# DRF's plain tokens are no longer accepted; their table is emptied by migration accounts.0001.
admin.site.unregister(TokenProxy)


class TokenCreateForm(forms.ModelForm):
    class Meta:
        model = AuthToken
        fields = ["user", "expiry"]
        help_texts = {"expiry": "The token stops working then; a new one must be made."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expiry"].required = True
        self.fields["expiry"].initial = lambda: timezone.now() + token_lifetime()

    def clean_expiry(self):
        expiry = self.cleaned_data["expiry"]
        if expiry <= timezone.now():
            raise forms.ValidationError("Choose a moment in the future.")
        if expiry > timezone.now() + token_lifetime():
            raise forms.ValidationError(
                f"A token lasts at most {token_lifetime().days} days (API_TOKEN_DAYS)."
            )
        return expiry


@admin.register(AuthToken)
class TokenAdmin(admin.ModelAdmin):
    list_display = ["token_key", "user", "created", "expiry", "expired"]
    list_filter = ["created", "expiry"]
    search_fields = ["token_key", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["token_key", "user", "created", "expiry"]
    fields = ["token_key", "user", "created", "expiry"]
    actions = ["delete_selected"]

    @admin.display(boolean=True)
    def expired(self, token: AuthToken) -> bool:
        return token.expiry is not None and token.expiry <= timezone.now()

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TokenCreateForm
            kwargs["fields"] = ["user", "expiry"]
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["user", "expiry"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a token is made and revoked, never edited

    def save_model(self, request, obj, form, change) -> None:
        key = token_key_set(obj)
        obj.save(force_insert=True)
        messages.warning(
            request,
            f"The new token's key is {key} . Copy it now: it is shown only this once, and "
            "only its digest is kept.",
        )
