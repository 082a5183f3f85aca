"""`kg impact` over a built store, local (Oxigraph on disk) or remote (a SPARQL 1.1 endpoint):
record the amendment in its own named graph, then read every citation of the amended statute.

Both read the same named query (queries/citations-of-statute.rq) over the same graphs, with IRIs
under the base the store was built with, so both give the same provisions and the same report.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.graph.iris import Iris, configured_base
from kg.graph.store import GraphStore, configured_store_path
from kg.impact.affected import CitedProvision, cited_in_store
from kg.impact.records import Amendment
from kg.impact.triples import load_amendment, push_amendment
from kg.query.runners import OxigraphRunner
from kg.remote.client import SparqlClient
from kg.statutes.records import Statute


def cited_in_local_store(path: Path | None, statute: Statute, amendment: Amendment,
                         record: bool = True) -> list[CitedProvision]:
    """The citations of `statute` in every list of the local store; the amendment is recorded
    there first unless `record` is False (then the store is opened read-only)."""
    location = configured_store_path(path)
    if not location.exists():
        raise InputError(str(location), "no store here; run `kg build` first, or check lists with --lists")
    graph_store = GraphStore(location, read_only=not record)
    iris = Iris(graph_store.base() or configured_base())
    if record:
        load_amendment(amendment, graph_store, iris)
    return cited_in_store(OxigraphRunner(graph_store.oxigraph), iris.statute(statute.id))


def cited_at_endpoint(client: SparqlClient, statute: Statute, amendment: Amendment,
                      record: bool = True) -> list[CitedProvision]:
    """The citations of `statute` in every list of a remote store; the amendment's named graph is
    replaced there first (one atomic request) unless `record` is False."""
    base = client.base()
    if base is None:
        raise InputError(client.endpoint.query_url, "the endpoint holds no statute registry graph; "
                                                    "`kg build` the lists and `kg push` them first")
    iris = Iris(base)
    if record:
        try:
            push_amendment(amendment, client, iris)
        except InputError as error:
            raise InputError(error.path, f"{error.reason} (recording the amendment; to check without "
                                         "recording it: --no-record)") from error
    return cited_in_store(client, iris.statute(statute.id))
