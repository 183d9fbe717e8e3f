"""What the readers of a ClaimReview's fields share: the refusal of one review, and the
plain text of a value."""


class EntryRefused(Exception):
    """One review refused: why (code, reason) and the field at fault, as a path inside the
    review ("reviewRating.ratingValue"; empty for the review as a whole)."""

    def __init__(self, code: str, reason: str, *, field: str = "") -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.field = field


def text_of(value: object) -> str:
    # NUL means nothing in text, and PostgreSQL refuses to store it.
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""
