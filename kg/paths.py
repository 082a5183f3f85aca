"""Where the project's data files live (grammars, ontology, queries, bundled data)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GRAMMARS = PROJECT_ROOT / "grammars"
ONTOLOGY = PROJECT_ROOT / "ontology"
QUERIES = PROJECT_ROOT / "queries"
DATA = PROJECT_ROOT / "data"
LISTS = DATA / "lists"
STATUTES = DATA / "statutes"
