import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from claims.models import Claim, Claimant, Rating, Verdict, unique_slug
from tests.factories import (
    AttributionFactory,
    CitationFactory,
    ClaimantFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_a_claim_without_a_slug_gets_one_made_from_its_text_and_unique():
    first = ClaimFactory(text="Seven shells hit Kalinina hospital.")
    second = ClaimFactory(text="Seven shells hit Kalinina hospital.")
    assert first.slug == "seven-shells-hit-kalinina-hospital"
    assert second.slug == "seven-shells-hit-kalinina-hospital-2"


UKRAINIAN = "Росія заявила, що збила 20 дронів над Курською областю."


def test_a_claim_in_cyrillic_gets_a_readable_slug_in_one_query(django_assert_num_queries):
    first = ClaimFactory(text=UKRAINIAN)
    for _ in range(4):
        ClaimFactory(text=UKRAINIAN)
    ClaimFactory(text="Rosiia")  # shares the start of the slug, not the slug

    with django_assert_num_queries(1):
        slug = unique_slug(Claim, UKRAINIAN)

    assert first.slug == "rosiya-zayavila-shcho-zbila-20-droniv-nad-kurskoyu-oblastyu"
    assert slug == f"{first.slug}-6"
    assert unique_slug(Claimant, "Міністерство оборони") == "ministerstvo-oboroni"


def test_a_claim_with_no_letters_to_slug_still_gets_a_unique_slug():
    assert ClaimFactory(text="…").slug == "claim"
    assert ClaimFactory(text="?!").slug == "claim-2"


def test_the_database_refuses_two_claims_with_one_slug():
    ClaimFactory(slug="by-accident")
    _refused(lambda: ClaimFactory(slug="by-accident"))


def test_the_database_refuses_two_claimants_with_one_slug():
    ClaimantFactory(slug="reuters")
    _refused(lambda: ClaimantFactory(slug="reuters"))


def test_the_database_refuses_an_empty_quote():
    _refused(lambda: ClaimFactory(quote=""))


def test_the_database_refuses_an_unknown_claim_status_or_claimant_kind():
    _refused(lambda: ClaimFactory(status="rumoured"))
    _refused(lambda: ClaimantFactory(kind="oracle"))


def test_attribution_positions_are_unique_within_an_appearance_and_start_at_one():
    claim = ClaimFactory()
    AttributionFactory(claim=claim, position=1)
    _refused(lambda: AttributionFactory(claim=claim, position=1))
    _refused(lambda: AttributionFactory(claim=claim, position=0))
    AttributionFactory(claim=ClaimFactory(), position=1)  # another appearance may use 1


def test_a_claim_cites_a_source_once_and_with_a_known_role():
    claim = ClaimFactory()
    source = SourceFactory()
    CitationFactory(claim=claim, source=source)
    _refused(lambda: CitationFactory(claim=claim, source=source, role="context"))
    _refused(lambda: CitationFactory(claim=claim, role="proves"))


def test_a_source_cannot_be_deleted_from_under_a_claim_that_appeared_in_it():
    claim = ClaimFactory()
    with pytest.raises(ProtectedError):
        claim.first_appearance.source.delete()
    assert Claim.objects.filter(pk=claim.pk).exists()


def _published(claim, version):
    return VerdictFactory(
        claim=claim, version=version, status=Verdict.Status.PUBLISHED, published_at=timezone.now()
    )


def test_a_claim_has_at_most_one_published_verdict():
    claim = ClaimFactory()
    _published(claim, 1)
    _refused(lambda: _published(claim, 2))
    VerdictFactory(claim=claim, version=2, status=Verdict.Status.DRAFT)
    VerdictFactory(
        claim=claim,
        version=3,
        status=Verdict.Status.SUPERSEDED,
        published_at=timezone.now(),
        correction_note="Revised figure.",
    )
    assert claim.verdicts.filter(status=Verdict.Status.PUBLISHED).count() == 1


def test_a_claim_has_at_most_one_verdict_being_drafted():
    claim = ClaimFactory()
    VerdictFactory(claim=claim, version=1)
    _refused(lambda: VerdictFactory(claim=claim, version=2))


def test_the_database_refuses_a_published_correction_without_a_note():
    claim = ClaimFactory()
    later = {"claim": claim, "version": 2, "published_at": timezone.now()}
    _refused(lambda: VerdictFactory(**later, status=Verdict.Status.PUBLISHED))
    VerdictFactory(**later, status=Verdict.Status.DRAFT)  # a draft may lack it for now


def test_saving_a_verdict_stores_its_rationale_rendered_and_sanitised():
    verdict = VerdictFactory(rationale="See [the report](https://example.org).<script>x</script>")
    verdict.refresh_from_db()
    assert verdict.rationale_html == (
        '<p>See <a href="https://example.org" rel="nofollow noopener">the report</a>.</p>'
    )


def test_verdict_versions_are_unique_per_claim():
    claim = ClaimFactory()
    VerdictFactory(claim=claim, version=1)
    _refused(lambda: VerdictFactory(claim=claim, version=1))


def test_the_database_refuses_a_published_verdict_without_rating_summary_or_time():
    claim = ClaimFactory()
    published = {"status": Verdict.Status.PUBLISHED, "published_at": timezone.now()}
    _refused(lambda: VerdictFactory(claim=claim, **{**published, "rating": None}))
    _refused(lambda: VerdictFactory(claim=claim, **{**published, "summary": ""}))
    _refused(lambda: VerdictFactory(claim=claim, **{**published, "published_at": None}))
    VerdictFactory(claim=claim, rating=None, summary="")  # a draft may be incomplete


def test_the_rating_scale_runs_from_true_to_false_with_unproven_off_the_scale():
    scale = list(Rating.objects.values_list("label", "value"))
    assert scale == [
        ("True", 5),
        ("Mostly true", 4),
        ("Mixed", 3),
        ("Mostly false", 2),
        ("False", 1),
        ("Unproven", None),
    ]
    assert all(len(r.description) > 40 for r in Rating.objects.all())


def test_the_database_refuses_a_rating_value_off_the_scale():
    _refused(lambda: Rating.objects.create(label="Pants", slug="pants", value=9, colour="#000000"))


def test_claim_history_records_who_changed_what():
    editor = UserFactory()
    claim = ClaimFactory()
    claim.text = "A sharper sentence."
    claim._history_user = editor
    claim.save()
    latest = claim.history.first()
    assert latest.text == "A sharper sentence."
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert claim.history.count() == 2
