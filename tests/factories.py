import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import (
    Appearance,
    Attribution,
    Citation,
    Claim,
    Claimant,
    ClaimantName,
    Rating,
    Topic,
    Verdict,
)
from claims.services import appearances_changed
from sources.models import Capture, Source
from sources.services import source_update_from_captures


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))
        if create:
            self.save()


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.org/2014/08/story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")
    publisher = "Example News"
    kind = Source.Kind.ARTICLE
    language = "en"
    published_on = datetime.date(2014, 8, 26)


class CaptureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capture
        skip_postgeneration_save = True

    source = factory.SubFactory(SourceFactory)

    @factory.post_generation
    def record_on_source(capture, create, extracted, **kwargs):
        """A finished capture updates its source as the worker's services do."""
        if create and capture.status not in Capture.ACTIVE_STATUSES:
            source_update_from_captures(source_id=capture.source_id)
            capture.source.refresh_from_db()


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant

    name = factory.Sequence(lambda n: f"Claimant {n}")
    slug = factory.Sequence(lambda n: f"claimant-{n}")
    kind = Claimant.Kind.PERSON


class ClaimFactory(factory.django.DjangoModelFactory):
    """A draft claim with its first appearance: `quote`, `appearance` (the source),
    `position` and `made_on` say where and in what words."""

    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Claim number {n} is checkable.")
    claimant = factory.SubFactory(ClaimantFactory)
    quote = factory.Sequence(lambda n: f"the exact words of claim {n}")
    appearance = factory.SubFactory(SourceFactory)
    position = 0
    made_on = datetime.date(2014, 8, 26)

    @classmethod
    def _create(cls, model_class, *args, quote, appearance, position, made_on, **kwargs):
        claim = super()._create(model_class, *args, **kwargs)
        first = Appearance(
            claim=claim, source=appearance, quote=quote, position=position, made_on=made_on
        )
        # As claim_create records it: logged with the claim.
        first._change_reason = "logged"
        first.save()
        appearances_changed(claim)
        return claim


class AppearanceFactory(factory.django.DjangoModelFactory):
    """Another appearance of a claim; the claim row records it as the services do."""

    class Meta:
        model = Appearance
        skip_postgeneration_save = True

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    quote = factory.Sequence(lambda n: f"the words of appearance {n}")
    made_on = datetime.date(2014, 8, 27)

    @factory.post_generation
    def record_on_claim(appearance, create, extracted, **kwargs):
        if create:
            appearances_changed(appearance.claim)


class AttributionFactory(factory.django.DjangoModelFactory):
    """A hop of an appearance's chain; `claim=` puts it on the claim's first appearance."""

    class Meta:
        model = Attribution

    class Params:
        claim = factory.SubFactory(ClaimFactory)

    appearance = factory.LazyAttribute(lambda hop: hop.claim.first_appearance)
    position = 1
    claimant = factory.SubFactory(ClaimantFactory)
    verb = "said"


class ClaimantNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimantName

    claimant = factory.SubFactory(ClaimantFactory)
    name = factory.Sequence(lambda n: f"Other name {n}")


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    role = Citation.Role.SUPPORTS


class ReadyClaimFactory(ClaimFactory):
    """A draft claim with what submission needs: an origin citation of its appearance."""

    class Meta:
        skip_postgeneration_save = True

    origin = factory.RelatedFactory(
        CitationFactory,
        factory_related_name="claim",
        source=factory.SelfAttribute("..appearance"),
        role=Citation.Role.ORIGIN,
    )


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict
        skip_postgeneration_save = True

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(lambda: Rating.objects.get(slug="mostly-false"))
    summary = "The figure is out of date."
    rationale = "Newer figures say otherwise."

    @factory.post_generation
    def record_on_claim(verdict, create, extracted, **kwargs):
        """A published verdict on a public claim is the one it shows, as verdict_publish
        records it; tests that write verdicts directly get the same claim row."""
        if create and verdict.status == Verdict.Status.PUBLISHED:
            show_verdict(verdict)


def show_verdict(verdict: Verdict) -> None:
    Claim.objects.filter(
        pk=verdict.claim_id, status__in=[Claim.Status.PUBLISHED, Claim.Status.IN_REVIEW]
    ).update(published_verdict=verdict, verdict_published_at=verdict.published_at)
    verdict.claim.refresh_from_db()
