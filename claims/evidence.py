"""What the archive needs to know about claims, without sources importing claims.

`ARCHIVE_PUBLIC_SOURCES` names `public_source_ids`: the archive shows anyone the archived
copies of the sources it returns, and everything else to staff only.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from sources.models import Source

from .models import Citation, Claim


def public_source_ids() -> QuerySet:
    """Ids of the sources a published claim appeared in or cites, as a subquery."""
    public = Claim.objects.published()
    cited = Citation.objects.filter(source=OuterRef("pk"), claim__in=public)
    appeared = public.filter(appearance=OuterRef("pk"))
    return Source.objects.filter(Q(Exists(cited)) | Q(Exists(appeared))).values("pk")
