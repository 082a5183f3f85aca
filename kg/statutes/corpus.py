"""The compact statute corpus (data/statutes/corpus/, written by kg/statutes/convert.py), read lazily.

Loading reads ``documents.json.gz`` only (titles, names, versions, no text); a version's text is
read from its shard the first time it is asked for, each shard decompressed once per process.
"""

from __future__ import annotations

import gzip
import json
import lzma
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import InputError

CORPUS_DIR = "corpus"
DOCUMENTS_FILE = "documents.json.gz"


@dataclass(frozen=True)
class CorpusText:
    """Where a version's text lies: a shard of the corpus and its key in it."""

    shard: Path
    key: str

    def read(self) -> str:
        try:
            return _shard(self.shard)[self.key]
        except KeyError:
            raise InputError(str(self.shard), f"no text {self.key!r} in the corpus shard") from None


def corpus_documents(directory: Path) -> list[dict]:
    """The documents of the corpus in `directory` (empty when there is none)."""
    file = directory / DOCUMENTS_FILE
    if not file.is_file():
        return []
    try:
        data = json.loads(gzip.decompress(file.read_bytes()))
    except (OSError, EOFError, ValueError) as error:
        raise InputError(str(file), f"not a valid corpus file: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise InputError(str(file), 'expected a mapping with a "documents" list')
    return data["documents"]


def text_of(directory: Path, reference: str) -> CorpusText:
    """The text a version record names (``texts-007:law-…@2024-09-13``)."""
    shard, _, key = reference.partition(":")
    return CorpusText(_shard_path(directory, shard), key)


@cache
def _shard_path(directory: Path, shard: str) -> Path:
    return directory / f"{shard}.json.xz"


@cache
def _shard(path: Path) -> dict[str, str]:
    try:
        return json.loads(lzma.decompress(path.read_bytes()))
    except (OSError, lzma.LZMAError, ValueError) as error:
        raise InputError(str(path), f"cannot read corpus texts: {error}") from None
