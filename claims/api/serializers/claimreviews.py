"""The report of a ClaimReview import, as the API answers it."""

from rest_framework import serializers


class SimilarClaimSerializer(serializers.Serializer):
    claim = serializers.IntegerField()
    score = serializers.FloatField(min_value=0, max_value=1)
    level = serializers.ChoiceField(choices=["same", "related"])


class ImportEntrySerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The review's place in the document, from 0.")
    where = serializers.CharField(help_text='Where it sits, e.g. "dataFeedElement[3].item".')
    url = serializers.CharField(help_text="The review's url, if it had one.")
    claim_reviewed = serializers.CharField()
    claim = serializers.IntegerField(
        allow_null=True,
        help_text="The claim it created, the one it was attached to, or the one it duplicates.",
    )
    code = serializers.CharField(
        help_text='Why it was skipped; "attached" when attached; empty if created.'
    )
    reason = serializers.CharField(
        help_text="The same, in a sentence a person can act on; for a created claim, the "
        "related claim to look at, if any."
    )
    similar = SimilarClaimSerializer(
        allow_null=True,
        help_text="The claim already logged most like the review, if any: `same` ones are "
        "attached to, `related` ones named beside the claim created.",
    )


class ImportReportSerializer(serializers.Serializer):
    created = ImportEntrySerializer(many=True)
    attached = ImportEntrySerializer(
        many=True,
        help_text="Reviews of a claim already logged in other words: their pages became its "
        "appearances; their verdicts were not imported.",
    )
    skipped = ImportEntrySerializer(many=True)
