"""A remote SPARQL 1.1 store: queries through SPARQLWrapper (the `QueryRunner` of kg.query.runners
for an endpoint), SPARQL Update and Graph Store Protocol PUT as plain HTTP requests.

Named queries read the union of the named graphs as their default graph. Servers differ here:
GraphDB and Virtuoso query all graphs by default, Oxigraph needs `--union-default-graph`, Fuseki
`tdb2:unionDefaultGraph true`. The client checks once that the default graph is not empty while
named graphs hold data, and says what to change instead of returning empty answers.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from typing import NoReturn
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from SPARQLWrapper import ASK, BASIC, JSON, POST, SELECT, URLENCODED, SPARQLWrapper

from kg.errors import InputError
from kg.graph.iris import base_of_graphs
from kg.graph.store import once_per_term
from kg.query.runners import QueryResult
from kg.remote.endpoint import Endpoint
from kg.remote.exchange import exchange
from kg.remote.retry import with_retries

_UNSAFE_IRI = re.compile(r"[\s<>\"{}|\\^`]")
GRAPH_NAMES_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
NAMED_GRAPHS_HOLD_DATA = "ASK { GRAPH ?g { ?s ?p ?o } }"
DEFAULT_GRAPH_HOLDS_DATA = "ASK { ?s ?p ?o }"
_TERM_TYPES = ("uri", "literal", "typed-literal", "bnode")
_JSON_KINDS = {list: "a JSON array", type(None): "JSON null", str: "a JSON string", int: "a JSON number",
               float: "a JSON number", bool: "JSON true/false"}


class _QueryWrapper(SPARQLWrapper):
    """SPARQLWrapper making its request as the query form the caller named. SPARQLWrapper would
    guess the form from keywords in the text, after a comment filter that keeps every other
    comment line: a query whose comment says "copy" or "insert" went to
    the update URL. Only its request is used: kg.remote.exchange sends it under the deadline,
    and the answer is read and checked here."""

    def __init__(self, url: str, form: str, **options):
        self._form = form
        super().__init__(url, **options)

    def _parseQueryType(self, query: str) -> str:
        return self._form

    def request(self) -> urllib.request.Request:
        """The HTTP request SPARQLWrapper makes for the query set."""
        return self._createRequest()


class SparqlClient:
    """Queries, updates and graph replacement on one remote endpoint, with bounded retries."""

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint
        self._union_checked = False

    # --- the QueryRunner protocol
    def select(self, query: str) -> QueryResult:
        """Run a SELECT over the union of the named graphs; rows of rdflib terms."""
        self._check_union_default_graph()
        return self._select(query)

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        return self._json(query, ASK)["boolean"]

    # --- writing
    def update(self, text: str) -> None:
        """Run one SPARQL 1.1 Update request (one transaction on Oxigraph, Fuseki, GraphDB).

        Posted as application/sparql-update directly: SPARQLWrapper scans an update's whole text
        with regexes to find its type (~24 s for a 10 MB INSERT DATA)."""
        self._send("POST", self.endpoint.update_url, text.encode("utf-8"), "application/sparql-update")

    def replace_graph(self, name: URIRef, ntriples: bytes) -> None:
        """Replace named graph `name` by the N-Triples `ntriples`; readers see the old graph or the
        new one, never a mix: one Graph Store Protocol PUT when the endpoint has a GSP URL (one
        transaction on Oxigraph, Fuseki and GraphDB), else one Update request (DROP + INSERT DATA)."""
        iri = _checked_iri(name)
        if self.endpoint.replace == "gsp" and self.endpoint.store_url:
            self.put_graph(name, ntriples)
            return
        body = ntriples.decode("utf-8")
        self.update(f"DROP SILENT GRAPH {iri} ;\nINSERT DATA {{ GRAPH {iri} {{\n{body}\n}} }}")

    def put_graph(self, name: URIRef, ntriples: bytes) -> None:
        """Graph Store Protocol: PUT the N-Triples as the content of named graph `name`."""
        if not self.endpoint.store_url:
            raise InputError(self.endpoint.query_url, "no Graph Store Protocol URL known for this "
                                                      "endpoint; name it as `store:` in the endpoints config")
        _checked_iri(name)
        url = f"{self.endpoint.store_url}?graph={quote(str(name), safe='')}"
        self._send("PUT", url, ntriples, "application/n-triples")

    # --- what the store holds
    def graph_names(self) -> list[URIRef]:
        """The named graphs of the store, sorted."""
        return sorted(row[0] for row in self._select(GRAPH_NAMES_QUERY).rows if isinstance(row[0], URIRef))

    def graph(self, name: URIRef) -> Graph:
        """The triples of one named graph (e.g. a list's graph, for `kg validate --all`)."""
        rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {_checked_iri(name)} {{ ?s ?p ?o }} }}").rows
        graph = Graph()
        for s, p, o in rows:
            if s is not None and p is not None and o is not None:      # bound in every row of this query
                graph.add((s, p, o))
        return graph

    def base(self) -> str | None:
        """The IRI base the data was built with (read off the registry graph's name), if any."""
        return base_of_graphs(self.graph_names())

    # --- plumbing
    def _select(self, query: str) -> QueryResult:
        answer = self._json(query, SELECT)
        variables, bindings = self._select_shape(answer)
        term = once_per_term(term_of, key=lambda binding: (binding.get("type"), binding.get("value"),
                                                           binding.get("datatype"), binding.get("xml:lang")))
        rows = tuple(tuple(term(binding.get(name)) for name in variables) for binding in bindings)
        return QueryResult(variables, rows)

    def _select_shape(self, answer: dict) -> tuple[tuple[str, ...], list[dict]]:
        """The variables and bindings of a SELECT answer, checked against SPARQL 1.1 JSON results."""
        head, results = answer.get("head", {}), answer.get("results")
        if not isinstance(results, dict):
            self._malformed("no SELECT results (`results` missing or not an object)")
        variables = head.get("vars", []) if isinstance(head, dict) else None
        if not isinstance(variables, list) or not all(isinstance(name, str) for name in variables):
            self._malformed("`head.vars` is not a list of variable names")
        bindings = results.get("bindings", [])
        if not isinstance(bindings, list) or not all(isinstance(row, dict) for row in bindings):
            self._malformed("`results.bindings` is not a list of objects")
        for row in bindings:
            for name in variables:
                value = row.get(name)
                if value is not None and not _is_term(value):
                    self._malformed(f"the binding of ?{name} is not an RDF term {{type, value}}")
        return tuple(variables), bindings

    def _json(self, query: str, form: str) -> dict:
        wrapper = self._wrapper(self.endpoint.query_url, form)
        wrapper.setQuery(query)
        deadline = time.monotonic() + self.endpoint.deadline

        def call() -> dict:
            body, content_type = exchange(wrapper.request(), deadline, self.endpoint.timeout)
            if "json" not in content_type.lower():
                raise InputError(self.endpoint.query_url, f"the endpoint answered {content_type}, not "
                                                          "SPARQL JSON; is this its SPARQL query URL?")
            try:
                answer = json.loads(body.decode("utf-8"))
            except UnicodeDecodeError:
                self._malformed("the answer is not UTF-8 text")
            if not isinstance(answer, dict):
                self._malformed(f"the answer is {_JSON_KINDS.get(type(answer), 'JSON')}, not an object "
                                "of SPARQL JSON results; is this its SPARQL query URL?")
            if form == ASK and not isinstance(answer.get("boolean"), bool):
                self._malformed("no ASK answer (`boolean` missing or not true/false)")
            return answer
        return with_retries(call, self.endpoint, self.endpoint.query_url)

    def _malformed(self, reason: str) -> NoReturn:
        raise InputError(self.endpoint.query_url, f"malformed answer: {reason}")

    def _send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        headers = {"Content-Type": content_type}
        if self.endpoint.basic_token:
            headers["Authorization"] = f"Basic {self.endpoint.basic_token}"
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        deadline = time.monotonic() + self.endpoint.deadline
        with_retries(lambda: exchange(request, deadline, self.endpoint.timeout), self.endpoint,
                     url.split("?", 1)[0])

    def _wrapper(self, url: str, form: str) -> _QueryWrapper:
        wrapper = _QueryWrapper(url, form, updateEndpoint=self.endpoint.update_url)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)       # query=… in the body: no URL length limit, and
        # every server takes it (Virtuoso 7.2 never answers a query POSTed directly)
        wrapper.setReturnFormat(JSON)
        wrapper.setOnlyConneg(True)                # content negotiation only, no format=… params
        if self.endpoint.credentials:
            wrapper.setHTTPAuth(BASIC)
            wrapper.setCredentials(*self.endpoint.credentials)
        return wrapper

    def _check_union_default_graph(self) -> None:
        if self._union_checked:
            return
        if not self.ask(DEFAULT_GRAPH_HOLDS_DATA) and self.ask(NAMED_GRAPHS_HOLD_DATA):
            raise InputError(self.endpoint.query_url,
                             "the endpoint's default graph is empty but its named graphs hold data; "
                             "serve the union of the named graphs as the default graph (Oxigraph: "
                             "`oxigraph serve --union-default-graph`; Fuseki: tdb2:unionDefaultGraph true)")
        self._union_checked = True


def term_of(binding: dict) -> Node:
    """A SPARQL JSON result term as an rdflib term (an unbound variable, None, is left to once_per_term)."""
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if binding.get("xml:lang"):
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype and datatype != str(XSD.string):
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)           # a simple literal, as the local runner gives it


def _is_term(binding: object) -> bool:
    return (isinstance(binding, dict) and binding.get("type") in _TERM_TYPES
            and isinstance(binding.get("value"), str)
            and all(isinstance(binding.get(key, ""), str) for key in ("datatype", "xml:lang")))


def _checked_iri(name: URIRef) -> str:
    if _UNSAFE_IRI.search(str(name)):
        raise InputError(str(name), "not a valid graph IRI")
    return f"<{name}>"
