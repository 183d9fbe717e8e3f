"""config.cache: a Redis cache that reads as a miss and writes past while Redis is away."""

import logging

import pytest
from redis.exceptions import RedisError

from config.cache import SoftFailRedisCache
from tests.workers import RedisServer, wait_for


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


def _cache(redis: RedisServer) -> SoftFailRedisCache:
    return SoftFailRedisCache(redis.url, {"OPTIONS": {"socket_connect_timeout": 0.5}})


def test_an_away_cache_is_a_miss_logged_once_and_found_again(redis, caplog):
    cache = _cache(redis)
    cache.set("kept", "before")
    redis.kill()

    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.get("kept", "missing") == "missing"
        assert cache.add("new", 1) is False
        cache.set("new", 1)
        assert cache.get_many(["kept", "new"]) == {}
        assert cache.set_many({"a": 1}) == ["a"]
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "does not answer" in warnings[0]
    with pytest.raises(RedisError):
        cache.ping()

    redis.start()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert wait_for(lambda: cache.add("new", "after"), timeout=10)
    assert cache.get("new") == "after"
    assert any("answers again" in r.getMessage() for r in caplog.records)
