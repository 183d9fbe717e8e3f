import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Attribution, Citation, Claim, Claimant, Rating, Topic, Verdict
from sources.models import Capture, Source


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

    source = factory.SubFactory(SourceFactory)


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
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Claim number {n} is checkable.")
    quote = factory.Sequence(lambda n: f"the exact words of claim {n}")
    appearance = factory.SubFactory(SourceFactory)
    claimant = factory.SubFactory(ClaimantFactory)
    made_on = datetime.date(2014, 8, 26)


class AttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribution

    claim = factory.SubFactory(ClaimFactory)
    position = 1
    claimant = factory.SubFactory(ClaimantFactory)
    verb = "said"


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

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(lambda: Rating.objects.get(slug="mostly-false"))
    summary = "The figure is out of date."
    rationale = "Newer figures say otherwise."
