"""An article written for these tests, archived: the kind of text a capture extracts."""

import pytest
from django.utils import timezone

from sources.models import Capture
from tests.factories import CaptureFactory, SourceFactory

PARAGRAPHS = (
    "Shelling Hits Hospital as Talks Stall in Minsk\nPhoto by A. Photographer/Example News",
    "As dusk fell over the city, the streets emptied and the cafes closed early.",
    "Seven shells hit the grounds of the city hospital on Sunday morning, killing two patients.",
    '"We heard the first explosion at six. Then the windows came in," the hospital\'s '
    "director Olena Kravets told Example News.",
    "Reuters cited Russian news agencies that quoted a defence ministry source as saying that "
    'the soldiers had crossed the border "by accident."',
    "At least 344,000 people have fled the region since April, according to the latest "
    "figures from the United Nations.",
    "Should the talks have been held at all?",
    "It seems the talks achieved little, and the mood in the capital is gloomy.",
    "Seven shells hit the grounds of the city hospital on Sunday morning, killing two patients.",
    "Follow Example News on Twitter: @examplenews",
)
ARTICLE = "\n\n".join(PARAGRAPHS) + "\n"


def archived(text: str = ARTICLE, **source_fields):
    source = SourceFactory(publisher="Example News", **source_fields)
    CaptureFactory(
        source=source, status=Capture.Status.SUCCEEDED, text=text, finished_at=timezone.now()
    )
    return source


@pytest.fixture
def article(db):
    return archived()
