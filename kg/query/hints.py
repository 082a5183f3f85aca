"""Why an answer is empty, when the reason is the question: a statute the registry does not know,
an article beyond the statute's last, a paragraph its article does not have."""

from __future__ import annotations

from collections.abc import Mapping

from kg.query.named import NamedQuery
from kg.statutes import Registry
from kg.statutes.normalize import arabic_number


def empty_answer_hint(query: NamedQuery, values: Mapping[str, str], registry: Registry) -> str | None:
    """One line saying which given statute or article does not exist, with a suggestion; None
    when the parameters name things that exist (the answer is then truly empty)."""
    statutes = [p.name for p in query.parameters if p.kind == "statute" and values.get(p.name)]
    for name in statutes:
        written = values[name]
        resolution = registry.resolve(written)
        if resolution.statute_id is None:
            suggestion = f"; did you mean {resolution.suggestion}?" if resolution.suggestion else \
                "; `kg query statute-counts` lists the statutes the lists cite"
            return f"{name}={written}: the statute registry does not know this statute{suggestion}"
        statute = registry.get(resolution.statute_id)
        assert statute is not None                     # resolve() answers ids of the registry's statutes
        version = statute.latest_text_version
        article = _number(values.get("article"))
        if version is None or article is None:
            continue
        last = max(version.articles, default=None)
        if last is not None and article not in version.articles:
            return (f"article={values['article']}: {statute.title} ({version.date} version) has no 第{article}条; "
                    f"its articles run from 第{min(version.articles)}条 to 第{last}条")
        paragraph = _number(values.get("paragraph"))
        paragraphs = version.articles[article].paragraphs if article in version.articles else []
        if paragraph is not None and paragraphs and paragraph > len(paragraphs):
            return (f"paragraph={values['paragraph']}: 第{article}条 of {statute.title} has "
                    f"{len(paragraphs)} 款; leave out paragraph for the whole article")
    return None


def _number(value: str | None) -> int | None:
    if not value:
        return None
    number = arabic_number(value.removeprefix("第").rstrip("条款项章"))
    return int(number) if number.isdigit() else None
