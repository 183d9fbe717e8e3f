"""What the API's serializers share: whether a client sees the workflow, slugs a client
chooses, rows named by slug, revisions, and the short forms of a source, a claimant and a
hop that other rows nest."""

from rest_framework import serializers

from config.api import RejectUnknownFieldsMixin, is_staff_reader
from sources.models import Source

from ...models import Attribution, Claimant, Rating

# The largest id the database stores (a BigAutoField); a larger one names no row, and
# SQLite cannot even compare it.
MAX_ID = 2**63 - 1


def sees_workflow(serializer: serializers.Serializer, perm: str) -> bool:
    """Whether the request's client may see who reviews and where a claim is in the
    workflow: staff who read unpublished rows, not readers."""
    request = serializer.context.get("request")
    return request is not None and is_staff_reader(request.user, perm)


class FreeSlugMixin:
    """A slug a client chooses must be free: another row's is refused as a field error with
    the code "unique", before the database's unique index would refuse the insert."""

    def validate_slug(self, value: str) -> str:
        model = self.Meta.model
        taken = model.objects.filter(slug=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(
                f"Another {model._meta.verbose_name} has this slug.", code="unique"
            )
        return value


class LookupField(serializers.SlugRelatedField):
    """A row named by a slug or username. A name holding a NUL character matches no row, and
    PostgreSQL refuses to even compare one, so it is refused here as a field error."""

    default_error_messages = {"null_characters": "Null characters are not allowed."}

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_characters")
        return super().to_internal_value(data)


def id_field(help_text: str) -> serializers.IntegerField:
    """The id of a row a service looks up itself, under its lock, so that one missing is
    refused in the service's words."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=help_text)


def revision_field(thing: str, code: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text=(
            "Goes up with every change. Send back the revision you read when you update: if "
            f"someone saved the {thing} since, the update is refused with 409 {code}. Null "
            "for readers who are not staff."
        ),
    )


class SeenRevisionMixin:
    """Takes the `revision` a client sends as the one it read (`seen_revision`), for the
    service to check; it is never written, since every save moves it on by itself."""

    def validate(self, attrs):
        self.seen_revision = attrs.pop("revision", None)
        return super().validate(attrs)


class RatingSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "label", "slug", "value", "description", "colour"]
        read_only_fields = fields


class ClaimantSummarySerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Claimant
        fields = ["id", "name", "slug", "kind", "affiliation"]
        read_only_fields = fields


class SourceSummarySerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "published_on"]
        read_only_fields = fields


class ChainLinkSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    claimant = ClaimantSummarySerializer(read_only=True)

    class Meta:
        model = Attribution
        fields = ["position", "claimant", "verb"]
        read_only_fields = fields
