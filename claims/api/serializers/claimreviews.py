"""The report of a ClaimReview import, as the API answers it."""

from rest_framework import serializers


class ImportEntrySerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The review's place in the document, from 0.")
    where = serializers.CharField(help_text='Where it sits, e.g. "dataFeedElement[3].item".')
    url = serializers.CharField(help_text="The review's url, if it had one.")
    claim_reviewed = serializers.CharField()
    claim = serializers.IntegerField(
        allow_null=True, help_text="The claim it created, or the one it duplicates."
    )
    code = serializers.CharField(help_text="Why it was skipped or refused; empty if created.")
    reason = serializers.CharField(help_text="The same, in a sentence a person can act on.")


class ImportReportSerializer(serializers.Serializer):
    created = ImportEntrySerializer(many=True)
    skipped = ImportEntrySerializer(many=True)
    refused = ImportEntrySerializer(many=True)
