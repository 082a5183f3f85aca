"""Where a remote SPARQL 1.1 store answers, and with which credentials.

`--endpoint URL` names the query endpoint. The update and Graph Store Protocol URLs follow from
the servers' own conventions (below) unless a config file names them. Credentials come from the
environment (KG_ENDPOINT_USER, KG_ENDPOINT_PASSWORD) or from the config file's entry for that very
URL, never from the command line; they are never printed (the dataclass hides them from repr).

Config file ($KG_ENDPOINT_CONFIG, else ~/.config/quanze-kg/endpoints.yaml), one entry per query URL:

    http://db.example:3030/lists/query:
      update: http://db.example:3030/lists/update
      store: http://db.example:3030/lists/data      # Graph Store Protocol
      user: kg
      password: …
      timeout: 30          # seconds per request
      attempts: 4          # tries per request for transient failures
      deadline: 120        # seconds across all tries of one request
      replace: gsp         # how `kg push` replaces a graph: gsp (PUT, the default when a
                           # store URL is known) or update (DROP + INSERT DATA in one request)
"""

from __future__ import annotations

import base64
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from kg.errors import InputError

USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
CONFIG_ENV = "KG_ENDPOINT_CONFIG"
DEFAULT_CONFIG = Path("~/.config/quanze-kg/endpoints.yaml")
REPLACE_METHODS = ("gsp", "update")
MAX_SECONDS = 7 * 24 * 3600          # timeout and deadline: positive, finite, at most a week
MAX_ATTEMPTS = 100

# query URL → (update URL, Graph Store Protocol URL), by each server's documented layout
_CONVENTIONS = (
    (re.compile(r"^(?P<base>.*)/query$"), "{base}/update", "{base}/store"),              # Oxigraph
    (re.compile(r"^(?P<base>https?://[^/]+/.+)/sparql$"), "{base}/update", "{base}/data"),  # Fuseki dataset
    (re.compile(r"^(?P<base>.*/repositories/[^/]+)$"), "{base}/statements",               # GraphDB, RDF4J
     "{base}/rdf-graphs/service"),
    (re.compile(r"^(?P<base>https?://[^/]+)/sparql$"), "{base}/sparql",                   # Virtuoso
     "{base}/sparql-graph-crud-auth"),
)


@dataclass(frozen=True)
class Endpoint:
    """A remote store's URLs, credentials and request policy."""

    query_url: str
    update_url: str
    store_url: str | None                       # Graph Store Protocol; None when unknown
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0                       # seconds per request
    attempts: int = 4                           # tries per request (transient failures only)
    deadline: float = 120.0                     # seconds across all tries of one request
    replace: str = "gsp"                        # gsp | update (see SparqlClient.replace_graph)

    @property
    def credentials(self) -> tuple[str, str] | None:
        return (self.user, self.password or "") if self.user else None

    @property
    def basic_token(self) -> str | None:
        """The HTTP Basic token of the credentials (base64 of user:password), sent and redacted."""
        if self.credentials is None:
            return None
        return base64.b64encode(":".join(self.credentials).encode("utf-8")).decode("ascii")


def config_path() -> Path:
    """The endpoints config file: $KG_ENDPOINT_CONFIG, else ~/.config/quanze-kg/endpoints.yaml."""
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG).expanduser()


def endpoint_for(url: str, config: Path | None = None) -> Endpoint:
    """The endpoint at query URL `url`: conventions, then the config file's entry, then the env."""
    url = checked_url(url, "--endpoint")
    if urlsplit(url).username is not None:
        raise InputError("--endpoint", "put credentials in KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD "
                                       "or the endpoints config file, not in the URL")
    url = url.rstrip("/")
    update_url, store_url = _conventional_urls(url)
    config = config or config_path()
    entry = _config_entry(config, url)
    where = f"{config}: {url}"
    user = os.environ.get(USER_ENV) or entry.get("user")
    password = os.environ.get(PASSWORD_ENV) if os.environ.get(USER_ENV) else entry.get("password")
    store_url = checked_url(entry["store"], f"{where}: store") if entry.get("store") is not None else store_url
    update_url = checked_url(entry["update"], f"{where}: update") if entry.get("update") is not None else update_url
    replace = entry.get("replace", "gsp" if store_url else "update")
    if replace not in REPLACE_METHODS:
        raise InputError(str(config), f"{url}: replace must be one of {', '.join(REPLACE_METHODS)}")
    return Endpoint(
        query_url=url,
        update_url=update_url,
        store_url=store_url,
        user=str(user) if user else None,
        password=str(password) if password is not None else None,
        timeout=_seconds(entry, "timeout", Endpoint.timeout, where),
        attempts=_attempts(entry, where),
        deadline=_seconds(entry, "deadline", Endpoint.deadline, where),
        replace=replace,
    )


def checked_url(url: object, where: str) -> str:
    """`url` if it is an http(s) URL with a host (and a valid port); else InputError naming `where`."""
    text = url if isinstance(url, str) else ""
    try:
        parts = urlsplit(text)
        _ = parts.port                            # raises ValueError for a port out of range or not a number
    except ValueError as error:
        raise InputError(where, f"not a valid URL: {url!r} ({error})") from None
    if (parts.scheme not in ("http", "https") or not parts.hostname
            or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text)):
        raise InputError(where, f"not an http(s) URL: {url!r}")
    return text


def _seconds(entry: dict, key: str, default: float, where: str) -> float:
    value = entry.get(key, default)
    try:
        seconds = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        seconds = math.nan
    if not 0 < seconds <= MAX_SECONDS:            # also refuses NaN
        raise InputError(where, f"{key} must be a number of seconds above 0 and at most "
                                f"{MAX_SECONDS:,} (a week), not {value!r}")
    return seconds


def _attempts(entry: dict, where: str) -> int:
    value = entry.get("attempts", Endpoint.attempts)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ATTEMPTS:
        raise InputError(where, f"attempts must be a whole number from 1 to {MAX_ATTEMPTS}, not {value!r}")
    return value


def _conventional_urls(url: str) -> tuple[str, str | None]:
    for pattern, update, store in _CONVENTIONS:
        match = pattern.match(url)
        if match:
            return update.format(**match.groupdict()), store.format(**match.groupdict())
    return url, None            # SPARQL 1.1 lets one URL take both queries and updates


def _config_entry(path: Path, url: str) -> dict:
    """The config file's settings for `url` ({} when there is no file or no entry)."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(str(path), f"cannot read the endpoints config: {_first_line(error)}") from error
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a mapping of query URLs to settings")
    entry = data.get(url) or data.get(url + "/") or {}
    if not isinstance(entry, dict):
        raise InputError(str(path), f"{url}: expected a mapping of settings")
    return entry


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
