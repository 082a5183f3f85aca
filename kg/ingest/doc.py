"""Legacy Word documents (.doc) → Rows: converted to .docx by LibreOffice run headless, then read
as a .docx (kg.ingest.word). LibreOffice is looked for at run time; without it a .doc is refused
with how to install it. What agencies save as .doc (Word 97–2003, RTF, HTML, a .docx renamed)
all converts.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from kg.errors import InputError
from kg.ingest.records import Row
from kg.ingest.word import read_docx_rows

CONVERTERS = ("soffice", "libreoffice")     # LibreOffice's command, by either of its names
CONVERT_SECONDS = 180                       # one document; a first start of LibreOffice is slow
INSTALL_HINT = ("reading a legacy Word .doc needs LibreOffice: install it (Debian/Ubuntu: "
                "apt-get install libreoffice-writer-nogui) or save the document as .docx")


def read_doc_rows(path: Path) -> list[Row]:
    """Rows of a .doc, through its .docx conversion: table rows and paragraphs in document order."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="kg-doc-") as folder:
        converted = convert_to_docx(path, Path(folder))
        try:
            return read_docx_rows(converted)
        except InputError as error:
            raise InputError(path, error.reason) from None


def convert_to_docx(path: Path, folder: Path) -> Path:
    """`path` converted by LibreOffice into `folder`; InputError when it is absent or fails."""
    soffice = next(filter(None, map(shutil.which, CONVERTERS)), None)
    if soffice is None:
        raise InputError(path, INSTALL_HINT)
    command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",  # own profile:
               "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML",  # no lock
               "--outdir", str(folder), str(path.resolve())]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_SECONDS,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise InputError(path, f"LibreOffice did not convert it within {CONVERT_SECONDS} s") from None
    converted = folder / f"{path.stem}.docx"
    if not converted.exists():
        said = (done.stderr or done.stdout).strip().splitlines()
        reason = said[-1] if said else f"exit code {done.returncode}"
        raise InputError(path, f"LibreOffice could not convert it to .docx ({reason}); "
                               "is it a Word document?")
    return converted
