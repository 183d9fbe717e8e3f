"""Suggested claims over the API: the check-worthy sentences of a source's archived text,
with the guesses a researcher starts logging from."""

from rest_framework import serializers

from ...models import SuggestedClaim


class ClaimantGuessSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="A logged claimant, or null.")
    name = serializers.CharField()
    kind = serializers.CharField(help_text="For a claimant not logged yet: its likely kind.")
    how = serializers.CharField(help_text="How the sentence was read for it.")


class HopGuessSerializer(serializers.Serializer):
    name = serializers.CharField()
    verb = serializers.CharField()


class ArticleSuggestionSerializer(serializers.ModelSerializer):
    claimant_guess = serializers.SerializerMethodField()
    chain_guess = serializers.SerializerMethodField()
    reasons = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    figures = serializers.ListField(child=serializers.DictField())
    matches = serializers.ListField(child=serializers.DictField())
    appearance = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = SuggestedClaim
        fields = [
            "id", "sentence", "start", "end", "position", "score", "reasons",
            "claimant_guess", "chain_guess", "figures", "matches", "status", "appearance",
            "dismissed_reason",
        ]  # fmt: skip
        read_only_fields = fields

    def get_claimant_guess(self, suggestion: SuggestedClaim) -> dict | None:
        if not suggestion.claimant_name and suggestion.claimant_id is None:
            return None
        return ClaimantGuessSerializer(
            {
                "id": suggestion.claimant_id,
                "name": suggestion.claimant.name
                if suggestion.claimant
                else suggestion.claimant_name,
                "kind": suggestion.claimant.kind
                if suggestion.claimant
                else suggestion.claimant_kind,
                "how": suggestion.claimant_how,
            }
        ).data

    def get_chain_guess(self, suggestion: SuggestedClaim) -> list[dict]:
        return HopGuessSerializer(
            [{"name": name, "verb": verb} for name, verb in suggestion.chain], many=True
        ).data


class ArticleSuggestionsSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="Why there are none, or what was not read.")
    results = ArticleSuggestionSerializer(many=True)
