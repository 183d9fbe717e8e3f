from django.conf import settings


def site(request) -> dict:
    """What every public page's frame shows: the publisher's name and address."""
    return {
        "site_name": settings.CLAIMTRAIL_PUBLISHER_NAME,
        "publisher_url": settings.CLAIMTRAIL_PUBLISHER_URL,
    }
