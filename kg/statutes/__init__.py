"""statutes stage: the statute registry (data/statutes/) and resolution of cited titles.

API (stable; other stages code against it):

- ``load_registry(path=kg.paths.STATUTES) -> Registry`` — cached per path: registry.yaml (the
  hand-made entries) merged with the compact national corpus in corpus/ (kg/statutes/convert.py;
  ~3,300 documents); loading takes ~0.1 s, a text is decompressed and parsed on first use.
- ``Registry.statutes``: dict id → ``Statute(id, title, aliases, level, issuer, doc_numbers,
  status, versions, note, region)``; ``Registry.get(id)``; ``Registry.hand_made`` (ids of
  registry.yaml's entries);
  ``Registry.article(statute_id, number, version=None) -> Article | None`` (version: id
  ``social-insurance-law@2018-12-29``, ISO date or year; default: latest version with text).
- ``Statute.current`` (latest version), ``Statute.version(date_or_id)``,
  ``Statute.version_in_force(on_date)``, ``Statute.latest_text_version``, ``Statute.has_text``;
  ``Statute.status`` is 现行有效 | 已修改 | 已废止, or None when not verified.
- ``StatuteVersion(statute_id, date, status, text_path, effective, doc_number, note)`` with
  ``id``, ``has_text``, ``articles: dict[int, Article]``, ``chapters: dict[int, Chapter]``
  (both empty for versions without text) and ``text`` (the parsed ``StatuteText``).
- ``Article(number, text, chapter, section, paragraphs)``; ``Article.paragraph(n)``;
  ``Paragraph(number, text, items)`` (款); ``Paragraph.item(n)``; ``ProvisionItem(number, text)`` (项).
- ``normalize_title(text)`` (matching key: NFKC, no whitespace/quote marks, one bracket style,
  no leading 中华人民共和国) and ``normalize_doc_number(text)`` (国务院令第259号, 医保办发〔2018〕22号).
- ``Registry.resolve(statute, doc_number) -> Resolution(statute_id, score, method, key,
  suggestion)``; method is exact | alias | doc-number | fuzzy | unresolved. ``key`` is where two
  citations of the same unknown document meet: its normalized 文号 if well-formed, else its
  normalized title (the X of 关于印发X的通知). Fuzzy resolution only for noise (OCR look-alike
  characters, a doubled or dropped one: ``is_noise``) towards laws, regulations and rules; any
  other near miss is unresolved with a ``suggestion``.
- ``resolve_citations(citations, registry, on_date=None) -> list[Citation]`` — copies with
  ``statute_id``, ``match_score``, ``match_method``, ``statute_key`` (the Resolution's key),
  ``suggestion``, ``version`` and ``version_basis`` filled (cross-references too): the citation
  carries its resolution, no later stage resolves again. Fuzzy/unresolved ones get a
  ``CitationFlag.STATUTE_FUZZY`` / ``STATUTE_UNRESOLVED`` flag, those with a suggestion
  ``STATUTE_SUGGESTION``.
- ``version_meant(statute, article, quote, on_date)`` (kg.statutes.versions): the version whose
  article the quote matches, else the one in force on the list's date, else the latest.
"""

from kg.statutes.normalize import normalize_doc_number, normalize_title
from kg.statutes.records import (
    Article,
    Chapter,
    Paragraph,
    ProvisionItem,
    Resolution,
    Statute,
    StatuteText,
    StatuteVersion,
)
from kg.statutes.registry import Registry, load_registry
from kg.statutes.resolve import FUZZY_THRESHOLD, resolve_citations

__all__ = [
    "FUZZY_THRESHOLD",
    "Article",
    "Chapter",
    "Paragraph",
    "ProvisionItem",
    "Registry",
    "Resolution",
    "Statute",
    "StatuteText",
    "StatuteVersion",
    "load_registry",
    "normalize_doc_number",
    "normalize_title",
    "resolve_citations",
]
