"""Claims already logged that a typed text is likely to be the same as, or related to: by
wording, by meaning, by claimant and by figures, each suggestion with its reasons.

`suggest` is the entry point (suggest.py); text.py reads texts, lexical.py finds candidates in
the database's full-text index, scoring.py scores and explains them, and the matcher
(matcher.py, a process of its own, asked through matcher_client.py) holds the sentence model
and every stored vector, so web processes and workers never load the model.
"""

from .scoring import Reason
from .suggest import Meaning, SimilarInputError, Suggestion, Suggestions, suggest, validate

__all__ = [
    "Meaning",
    "Reason",
    "SimilarInputError",
    "Suggestion",
    "Suggestions",
    "suggest",
    "validate",
]
