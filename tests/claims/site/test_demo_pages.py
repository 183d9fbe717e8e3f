import pytest

from claims.demo import VERDICTS, load_demo
from claims.models import Claim

pytestmark = pytest.mark.django_db


def test_the_demo_is_browsable_with_its_published_verdicts_and_its_correction(client):
    load_demo(say=lambda _: None)
    home = client.get("/").content.decode()
    for slug in VERDICTS:
        claim = Claim.objects.get(slug=slug)
        assert claim.text in home
        page = client.get(f"/claims/{slug}/")
        assert page.status_code == 200
    corrected = client.get("/claims/donetsk-pre-war-population-one-million/").content.decode()
    assert "Corrected on" in corrected
    assert "(earlier rating: True)" in corrected
    drafts = Claim.objects.exclude(slug__in=VERDICTS)
    assert client.get(f"/claims/{drafts.first().slug}/").status_code == 404
    article = client.get(f"/articles/{claim.appearance_id}/").content.decode()
    assert article.count('class="claim-row"') == len(VERDICTS)
