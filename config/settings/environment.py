"""What every part of the settings reads: the project folder and the environment, with
yes/no variables that refuse a value meaning neither."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_flag(name: str, *, default: bool) -> bool:
    """A yes/no variable; a value that is neither fails loudly instead of meaning "no"."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value; use true or false.")


# Behind PROXY_COUNT reverse proxies that each append to X-Forwarded-For, the client's
# address is the one the outermost saw; with none, REMOTE_ADDR (a forged header then changes
# nothing). Logins are counted, and the API throttled, by that address.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
