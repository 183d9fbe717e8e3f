"""Redis as a cache that may go away without taking the site with it.

Everything the cache holds can be made again from the database: rendered pages, the public
content version, the API throttle's counts. So while Redis does not answer, a read is a miss
and a write is skipped, and the page is served from the database. The outage is logged once
when it starts and once when it ends, and `/healthz` reports it (`ping`). After an error the
process leaves Redis alone for `retry_after` seconds, so a Redis that hangs rather than
refuses costs one socket timeout per process per window, not one per call.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

ERRORS = (RedisError, OSError)

# When each Redis (by its location) may be tried again; shared by the threads of a process,
# since Django makes a cache object per thread.
_away_until: dict[str, float] = {}
_away_lock = threading.Lock()


class SoftFailRedisCache(RedisCache):
    """Django's Redis cache, with an error read as a miss and a write skipped.

    `incr` and `decr` still raise: no answer of theirs would be true while Redis is away.
    """

    retry_after = 2.0

    @property
    def location(self) -> str:
        return ",".join(self._servers)

    def ping(self) -> None:
        """Ask Redis itself, past the retry window; raises what the client raises."""
        self._cache.get_client().ping()

    def _soft(self, operation: str, default, *args, **kwargs):
        location = self.location
        away_until = _away_until.get(location)
        if away_until is not None and time.monotonic() < away_until:
            return default
        try:
            result = getattr(RedisCache, operation)(self, *args, **kwargs)
        except ERRORS as error:
            with _away_lock:
                if _away_until.get(location) is None:
                    logger.warning(
                        "The cache at %s does not answer (%s: %s); serving without it.",
                        location,
                        error.__class__.__name__,
                        error,
                    )
                _away_until[location] = time.monotonic() + self.retry_after
            return default
        if away_until is not None:
            with _away_lock:
                if _away_until.pop(location, None) is not None:
                    logger.warning("The cache at %s answers again.", location)
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._soft("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._soft("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._soft("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._soft("has_key", False, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that were not set: all of them.
        return self._soft("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._soft("delete_many", None, keys, version)

    def clear(self):
        return self._soft("clear", False)
