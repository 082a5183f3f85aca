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


def config_path() -> Path:
    """The endpoints config file: $KG_ENDPOINT_CONFIG, else ~/.config/quanze-kg/endpoints.yaml."""
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG).expanduser()


def endpoint_for(url: str, config: Path | None = None) -> Endpoint:
    """The endpoint at query URL `url`: conventions, then the config file's entry, then the env."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError("--endpoint", f"not an http(s) URL: {url!r}")
    if parts.username or parts.password:
        raise InputError("--endpoint", "put credentials in KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD "
                                       "or the endpoints config file, not in the URL")
    url = url.rstrip("/")
    update_url, store_url = _conventional_urls(url)
    entry = _config_entry(config or config_path(), url)
    user = os.environ.get(USER_ENV) or entry.get("user")
    password = os.environ.get(PASSWORD_ENV) if os.environ.get(USER_ENV) else entry.get("password")
    store_url = entry.get("store", store_url)
    replace = entry.get("replace", "gsp" if store_url else "update")
    if replace not in REPLACE_METHODS:
        raise InputError(str(config or config_path()), f"{url}: replace must be one of {', '.join(REPLACE_METHODS)}")
    try:
        return Endpoint(
            query_url=url,
            update_url=entry.get("update", update_url),
            store_url=store_url,
            user=str(user) if user else None,
            password=str(password) if password is not None else None,
            timeout=float(entry.get("timeout", Endpoint.timeout)),
            attempts=max(1, int(entry.get("attempts", Endpoint.attempts))),
            deadline=float(entry.get("deadline", Endpoint.deadline)),
            replace=replace,
        )
    except (TypeError, ValueError) as error:
        raise InputError(str(config or config_path()), f"{url}: {error}") from error


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
