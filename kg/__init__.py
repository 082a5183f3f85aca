"""quanze-kg: a legal-citation knowledge graph for Chinese government 权责清单."""

__version__ = "0.1.0"
