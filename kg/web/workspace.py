"""What the pages show, computed by the project's own stages over one store (local or remote):
named queries in pages, the statute registry, amendment impact and validation of uploaded drafts.

Nothing here renders HTML: each method returns records the templates lay out, or raises
InputError (a user's mistake, shown on the page) / ValueError (a filter a query cannot take).
"""

from __future__ import annotations

import re
import secrets
import tempfile
import threading
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from kg.cite.extract import extract_citations
from kg.errors import InputError
from kg.graph.iris import Iris, configured_base
from kg.graph.list_triples import ListSource
from kg.graph.store import GraphStore, configured_store_path
from kg.graph.vocabulary import KG, vocabulary
from kg.impact.affected import Impact, check_impact, cited_in_store
from kg.impact.align import amendment_by_alignment
from kg.impact.report import diff_segments
from kg.impact.spec import read_spec
from kg.penalty.quantities import parse_measure
from kg.pipeline import graph_of_list, read_source
from kg.query.bind import bind_parameters, bound_query
from kg.query.named import NamedQuery, named_queries
from kg.query.output import as_records
from kg.query.runners import OxigraphRunner, QueryResult, QueryRunner
from kg.remote.client import SparqlClient
from kg.remote.endpoint import endpoint_for
from kg.statutes import Registry, load_registry
from kg.statutes.records import Statute, StatuteVersion
from kg.validate.findings import SEVERITY_ORDER, Finding
from kg.validate.inputs import ListGraph, registry_context
from kg.validate.run import ListValidator
from kg.web.paging import PAGE_SIZE, Scope, count_query, full_query, page_query

ITEMS_QUERY = "items-citing"
QUOTES_QUERY = "article-text"
LISTS_QUERY = "lists"
UPLOAD_SUFFIXES = (".xlsx", ".xls", ".ods", ".docx", ".doc", ".pdf", ".csv", ".html", ".htm", ".txt", ".tsv", ".md")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024      # a county's list is well under 1 MB; a province's under 10
KEPT_UPLOADS = 20                         # checked drafts (and spec impacts) kept for download / adding
SPEC_SUFFIXES = (".yaml", ".yml", ".ttl")
MAX_SPEC_BYTES = 1024 * 1024              # an amendment spec is a few kilobytes
SEVERITY_ZH = {"Violation": "违规", "Warning": "警告", "Info": "提示"}


@dataclass
class Page:
    """One page of a query's answer: rows as records, and where it sits in the whole."""

    result: QueryResult                  # the page's rows as the store answered them
    total: int
    number: int                          # 1-based
    size: int = PAGE_SIZE

    @cached_property
    def rows(self) -> list[dict]:
        """The rows as records keyed by variable."""
        return as_records(self.result)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_row(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0


@dataclass
class VersionText:
    """One version of an article as the registry holds it, marked against the version before."""

    version: StatuteVersion
    text: str | None                     # None: the version has no such article, or no text
    note: str
    segments: list[tuple[str, str]] | None = None   # diff against the previous version's text


@dataclass
class Quote:
    """A quote a list printed of the article, marked against the version it matches best."""

    agency: str
    seq: str | None
    name: str
    citation: str
    quote: str
    line: int | None
    version: str | None
    segments: list[tuple[str, str]]


@dataclass
class ArticleView:
    statute: Statute
    article: int
    versions: list[VersionText]
    quotes: list[Quote]
    citing: Page


@dataclass
class CheckedDraft:
    """An uploaded list once checked: its findings, and its graph should the user add it."""

    token: str
    name: str                            # the uploaded file's name, for display only
    agency: str | None
    items: int
    citations: int
    findings: list[Finding]
    graph_name: URIRef
    ntriples: str
    added: bool = False

    @property
    def by_severity(self) -> Counter:
        return Counter(f.severity for f in self.findings)

    @property
    def by_check(self) -> list[tuple[str, str, int]]:
        """(check, severity, findings): by severity, then most frequent first."""
        counts = Counter((f.severity, f.check) for f in self.findings)
        ordered = sorted(counts.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[0][0], 3), -kv[1], kv[0][1]))
        return [(check, severity, count) for (severity, check), count in ordered]


def category_labels() -> list[str]:
    """The standard categories' preferred Chinese labels, in the vocabulary's order of notation."""
    graph = vocabulary()
    concepts = sorted(graph.subjects(SKOS.inScheme, KG.Categories),
                      key=lambda c: str(graph.value(c, SKOS.notation) or c))
    return [str(graph.value(c, SKOS.prefLabel)) for c in concepts if graph.value(c, SKOS.prefLabel)]


def display_name(filename: str | None) -> str:
    """An uploaded file's name, fit to show (never used as a path): its last part, printable, short."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in "CZ" or ch == " ").strip()
    return name[:120] or "上传的清单"


class Workspace:
    """The store, registry and queries the pages use; one per server."""

    def __init__(self, store: Path | None = None, endpoint: str | None = None):
        self.registry: Registry = load_registry()
        self.queries: dict[str, NamedQuery] = named_queries()
        self.endpoint = endpoint
        self._lock = threading.Lock()
        self._validating = threading.Lock()
        self._validator = ListValidator(self.registry)     # builds its registry context once
        self._drafts: OrderedDict[str, CheckedDraft] = OrderedDict()
        self._impacts: OrderedDict[str, Impact] = OrderedDict()
        self._agencies: list[str] | None = None
        if endpoint:
            client = SparqlClient(endpoint_for(endpoint))
            self.store_path, self.graph_store = None, None
            self.runner: QueryRunner = client
            base = client.base()
        else:
            self.store_path = configured_store_path(store)
            if not self.store_path.exists():
                raise InputError(str(self.store_path), "no store here; run `kg build` first")
            self.graph_store = GraphStore(self.store_path)
            self.runner = OxigraphRunner(self.graph_store.oxigraph)
            base = self.graph_store.base()
        self.iris = Iris(base or configured_base())
        threading.Thread(target=self._prepare_validation, daemon=True).start()

    def _prepare_validation(self) -> None:
        """Build what checking a draft needs before the first upload: the registry context, the
        citation and penalty grammars' parsers (built on first use), pyshacl (~7 s in all)."""
        with self._validating:
            self._validator.contexts[self.iris.base] = registry_context(self.registry, self.iris)
            title = next(iter(self.registry.statutes.values())).title
            extract_citations(f"《{title}》第一条")
            parse_measure("")
            import pyshacl  # noqa: F401

    # --- what forms offer
    @cached_property
    def statute_names(self) -> list[str]:
        """Every title and alias of the registry, for the statute box's completion."""
        names = []
        for statute in self.registry.statutes.values():
            names += [statute.title, *statute.aliases]
        return sorted(dict.fromkeys(names))

    def agencies(self) -> list[str]:
        """The agencies of the lists in the store, sorted (read once; again after a list is added)."""
        with self._lock:
            if self._agencies is None:
                result = self.runner.select(self.queries[LISTS_QUERY].text)
                self._agencies = sorted({r["agency_name"] for r in as_records(result) if r["agency_name"]})
            return self._agencies

    def statute(self, written: str) -> Statute:
        """The registry entry of a statute as users write it; InputError when unknown."""
        if not written or not written.strip():
            raise InputError("法律法规", "请填写法律法规名称")
        try:
            return self.registry.find(written.strip())
        except InputError as error:
            raise InputError(written, _unknown_statute(error)) from None

    # --- named queries in pages
    def page(self, name: str, values: dict[str, str], scope: Scope, number: int = 1,
             size: int = PAGE_SIZE) -> Page:
        """Page `number` of the named query `name` with `values` bound, within `scope`."""
        text = self.bound(name, values)
        number = max(1, number)
        offset = (number - 1) * size
        result = self.runner.select(page_query(text, scope, offset, size))
        # a page that is not full is the last one: the rows before it and its own are the total
        total = offset + len(result.rows) if 0 < len(result.rows) < size or (not result.rows and not offset) \
            else self.count(text, scope)
        return Page(result, total, number, size)

    def count(self, text: str, scope: Scope) -> int:
        rows = self.runner.select(count_query(text, scope)).rows
        total = rows[0][0] if rows else None
        return int(total.toPython()) if isinstance(total, Literal) else 0

    def export(self, name: str, values: dict[str, str], scope: Scope) -> QueryResult:
        """The whole answer of a named query within `scope` (for CSV and xlsx downloads)."""
        return self.runner.select(full_query(self.bound(name, values), scope))

    def named(self, name: str) -> NamedQuery:
        if name not in self.queries:
            raise InputError(name, "没有这个查询")
        return self.queries[name]

    def bound(self, name: str, values: dict[str, str]) -> str:
        query = self.named(name)
        bindings = bind_parameters(query, {k: v for k, v in values.items() if v}, self.registry, self.iris)
        return bound_query(query.text, bindings)

    # --- 法条检索
    def items_citing(self, statute: Statute, article: int, paragraph: int | None, item: int | None,
                     scope: Scope, number: int = 1) -> Page:
        """The items citing an article (or its 款, or its 项), a page of them with their source file."""
        values = {"statute": statute.title, "article": str(article)}
        if paragraph:
            values["paragraph"] = str(paragraph)
        if item:
            # a 项 is asked for: only citations naming it (the query itself goes down to 款)
            scope = replace(scope, require=(
                f"?item <{KG.hasCitation}> ?_c . ?_c <{KG.raw}> ?citation ; "
                f"<{KG.articleNumber}> {Literal(article).n3()} ; <{KG.itemNumber}> {Literal(item).n3()}"))
        page = self.page(ITEMS_QUERY, values, scope, number)
        sources = self._sources([row["item"] for row in page.rows])
        for row in page.rows:
            row["source"] = sources.get(row["item"], "")
        return page

    def _sources(self, items: list[str]) -> dict[str, str]:
        """The source file of each item's list (one small query for a page of items)."""
        if not items:
            return {}
        values = " ".join(f"<{item}>" for item in dict.fromkeys(items))
        query = (f"SELECT ?item ?source WHERE {{ VALUES ?item {{ {values} }} "
                 f"?item <{KG.inList}> ?list . ?list <{KG.sourceFile}> ?source }}")
        return {str(row[0]): str(row[1]) for row in self.runner.select(query).rows}

    # --- 条文
    def article_view(self, statute: Statute, article: int, scope: Scope) -> ArticleView:
        """The article in each version the registry holds, the quotes lists printed, the items citing it."""
        known = [v for v in statute.versions if v.has_text]
        if not known:
            raise InputError(statute.title, "法规库中没有这部法规的条文文本")
        if not any(article in v.articles for v in known):
            last = max(max(v.articles, default=0) for v in known)
            raise InputError(statute.title, f"没有第{article}条（法规库中的各版本最多到第{last}条）")
        versions: list[VersionText] = []
        previous: str | None = None
        for version in statute.versions:
            found = version.articles.get(article) if version.has_text else None
            note = "" if found else ("法规库中没有这一版本的文本" if not version.has_text else "这一版本没有这一条")
            text = found.text if found else None
            segments = diff_segments(previous, text) if previous and text and previous != text else None
            versions.append(VersionText(version, text, note, segments))
            previous = text or previous
        quotes = self._quotes(statute, article, [v for v in versions if v.text])
        citing = self.items_citing(statute, article, None, None, scope)
        return ArticleView(statute, article, versions, quotes, citing)

    def _quotes(self, statute: Statute, article: int, versions: list[VersionText]) -> list[Quote]:
        from rapidfuzz import fuzz

        result = self.runner.select(self.bound(QUOTES_QUERY, {"statute": statute.title, "article": str(article)}))
        quotes, seen = [], set()
        for row in as_records(result):
            if not row["quote"] or (row["citation"], row["quote"], row["line"]) in seen:
                continue
            seen.add((row["citation"], row["quote"], row["line"]))
            best = max(versions, key=lambda v: fuzz.ratio(v.text or "", row["quote"]))
            quotes.append(Quote(row["agency_name"], row["seq"], row["item_name"], row["citation"], row["quote"],
                                row["line"], best.version.date, diff_segments(best.text, row["quote"])))
        return quotes

    # --- 修改影响
    def impact(self, statute: Statute, from_version: str, to_version: str) -> Impact:
        """What `kg impact STATUTE --from --to --no-record` gives over this store."""
        old, new = (_version(statute, wanted) for wanted in (from_version, to_version))
        for version in (old, new):
            if not version.has_text:
                raise InputError(statute.title, f"法规库中没有 {version.date} 版本的文本，无法逐条比对")
        if (old.date or "") >= (new.date or ""):
            raise InputError(statute.title, f"原版本 {old.date} 不早于新版本 {new.date}")
        amendment = amendment_by_alignment(statute, old, new)
        return check_impact(cited_in_store(self.runner, self.iris.statute(statute.id)), amendment, statute)

    def impact_of_spec(self, filename: str | None, content: bytes) -> tuple[str, Statute, Impact]:
        """What `kg impact --spec FILE --no-record` gives for an uploaded amendment spec (read in a
        temporary directory, removed after); a token to download the result with."""
        name = display_name(filename)
        suffix = Path(name).suffix.lower()
        if suffix not in SPEC_SUFFIXES:
            raise InputError(name, f"修改决定描述文件应为 {' '.join(SPEC_SUFFIXES)} 文件")
        if not content or len(content) > MAX_SPEC_BYTES:
            raise InputError(name, "文件是空的" if not content else f"文件太大（上限 {MAX_SPEC_BYTES // 1024} KB）")
        with tempfile.TemporaryDirectory(prefix="kg-spec-") as directory:
            path = Path(directory) / f"spec{suffix}"       # never the uploaded name
            path.write_bytes(content)
            try:
                amendment = read_spec(path, self.statute)
            except InputError as error:
                raise InputError(name, error.reason, error.line) from None
        statute = self.registry.statutes[amendment.statute_id]     # read_spec found it in the registry
        impact = check_impact(cited_in_store(self.runner, self.iris.statute(statute.id)), amendment, statute)
        token = secrets.token_urlsafe(12)
        self._keep(self._impacts, token, impact)
        return token, statute, impact

    def kept_impact(self, token: str) -> Impact:
        return self._kept(self._impacts, token, "修改影响", "这份分析结果已过期，请重新上传修改决定描述文件")

    def _keep(self, kept: OrderedDict, token: str, value) -> None:
        """Keep an upload's result under its token, forgetting the oldest beyond KEPT_UPLOADS."""
        with self._lock:
            kept[token] = value
            while len(kept) > KEPT_UPLOADS:
                kept.popitem(last=False)

    def _kept(self, kept: OrderedDict, token: str, where: str, expired: str):
        with self._lock:
            found = kept.get(token)
        if found is None:
            raise InputError(where, expired)
        return found

    # --- 清单校验
    def check_draft(self, filename: str | None, content: bytes) -> CheckedDraft:
        """Read, cite and validate an uploaded list in a temporary directory (removed after);
        the store is not touched."""
        name = display_name(filename)
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise InputError(name, f"不支持的文件类型；请上传 {' '.join(UPLOAD_SUFFIXES)} 文件")
        if not content:
            raise InputError(name, "文件是空的")
        if len(content) > MAX_UPLOAD_BYTES:
            raise InputError(name, f"文件太大（上限 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB）")
        with tempfile.TemporaryDirectory(prefix="kg-upload-") as directory:
            path = Path(directory) / f"upload{suffix}"       # never the uploaded name
            path.write_bytes(content)
            try:
                source = read_source(path)
            except InputError as error:
                raise InputError(name, error.reason, error.line) from None
        # the list as `kg build` makes its graph, under the name the user knows it by
        source = ListSource(replace(source.document, source=name), source.content)
        built = graph_of_list(source, self.registry, self.iris)
        list_iri = self.iris.list(built.key)
        with self._validating:       # one at a time: the validator's registry context is shared
            findings = self._validator(ListGraph(name, built.graph, list_iri))
        draft = CheckedDraft(secrets.token_urlsafe(12), name, source.document.agency, built.items,
                             built.citations, findings, built.graph_name, built.ntriples)
        self._keep(self._drafts, draft.token, draft)
        return draft

    def draft(self, token: str) -> CheckedDraft:
        return self._kept(self._drafts, token, "清单校验", "这份校验结果已过期，请重新上传清单")

    def add_draft(self, token: str) -> CheckedDraft:
        """Add a checked list to the store (replacing the list's earlier graph), at the user's request."""
        draft = self.draft(token)
        if self.graph_store is None:
            raise InputError("清单校验", "连接的是远程 SPARQL 库：请用 `kg build` 和 `kg push` 加入清单")
        with self._lock:
            self.graph_store.replace_graph_text(draft.graph_name, draft.ntriples)
            self.graph_store.flush()
            self._agencies = None
            draft.added = True
        return draft


def _version(statute: Statute, wanted: str) -> StatuteVersion:
    version = statute.version(wanted) if wanted else None
    if version is None:
        known = "、".join(v.date or "日期不详" for v in statute.versions)
        raise InputError(statute.title, f"没有“{wanted}”这一版本（已知版本：{known}）")
    return version


def _unknown_statute(error: InputError) -> str:
    """The registry's 'unknown statute' message, in Chinese."""
    hint = error.reason.partition("did you mean ")[2].rstrip("?")
    return "法规库中没有这部法律法规" + (f"；您要找的是不是《{hint}》？" if hint else "")
