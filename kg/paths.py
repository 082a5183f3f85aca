"""Where the bundled folders live: grammars/, ontology/, queries/ and data/.

The repository keeps them at its top level, beside the package; a wheel ships them inside the
package (kg/grammars, kg/data, …: setup.py maps them in). This module is the one place that finds
them, through importlib.resources: the copy inside the installed package, else the source tree's
(an editable install, or a checkout on sys.path).
"""

from importlib.resources import files
from pathlib import Path

PACKAGE = Path(str(files("kg")))
PROJECT_ROOT = PACKAGE.parent          # the repository, when running from a source tree


def bundled(folder: str) -> Path:
    """The bundled folder `folder`: inside the installed package, else at the repository's top."""
    shipped = PACKAGE / folder
    return shipped if shipped.is_dir() else PROJECT_ROOT / folder


GRAMMARS = bundled("grammars")
ONTOLOGY = bundled("ontology")
QUERIES = bundled("queries")
DATA = bundled("data")
LISTS = DATA / "lists"
STATUTES = DATA / "statutes"
