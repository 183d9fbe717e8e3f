"""What the admin's pages share: who logged a row, public pages that follow edits, reverts
held to the rules of edits, and workflow refusals shown on the form."""

from django.core.exceptions import PermissionDenied
from django.db import router, transaction

from .. import visibility
from ..services import WorkflowError


class LoggedByMixin:
    """Records the logged-in user as the creator of rows added through the admin."""

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        for instance in formset.save(commit=False):
            if instance.pk is None and hasattr(instance, "created_by_id"):
                instance.created_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class EditsRefreshPublicPages:
    """Admin edits to what readers see show on the public site at once.

    Every save and delete asks `claims.visibility` whether a public page shows the row, as
    the API's writes do; the admin writes the object, its inlines and its many-to-many rows
    in one transaction, and the pages go stale when it commits. A row just added, or a
    draft edited, is on no public page, so logging drafts all day leaves the readers' cache
    alone.
    """

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            visibility.refresh_if_shown(obj)
            return
        with visibility.refresh_around(obj):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj) -> None:
        with visibility.refresh_around(obj):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        with visibility.refresh_around(*queryset):
            super().delete_queryset(request, queryset)


class RevertIsAnEdit:
    """simple_history's revert page held to what the change page is held to.

    simple_history lets anyone who may view an object's history post a revert, and saves
    the object, then its many-to-many rows, outside a transaction. A revert is an edit: it
    needs the permission to change the object as it is now, and it is written in one
    transaction, so a failure keeps nothing and the public pages refresh after all of it.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(
            request, self.get_object(request, object_id)
        ):
            raise PermissionDenied
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


class WorkflowErrorsOnTheForm:
    """Shows a WorkflowError that a service raised while saving as an error on the form, or
    the inline row, it came from.

    The services run in save_model and save_formset, after the forms have validated. When
    one refuses, the admin's transaction has rolled back everything the save did; the view
    then runs again on the same POST with the error bound to the form whose `prefix` the
    error names in `form_prefix` (None, or none given: the page's own form), so the person
    sees why, with what they typed still there. Forms show it through `ShowsRefusal`.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except WorkflowError as error:
            if getattr(request, "workflow_error", None) is not None:
                raise
            request.workflow_error = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.workflow_error = getattr(request, "workflow_error", None)
        return form

    def get_formsets_with_inlines(self, request, obj=None):
        error = getattr(request, "workflow_error", None)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            # The form classes are made for this request, so this marks no other.
            formset.form.workflow_error = error
            yield formset, inline
