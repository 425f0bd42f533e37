"""The entity index on disk, next to the embedded store, so the first write after a start does not
re-read every entity of the store (`entity_index.rq` over the whole dataset: 2.4 s at 1M triples,
tens of seconds at 10M).

The file (`<store>/councilkg-entity-index.jsonl`) is JSON Lines: a header with the folded index at
one store version, then one line per document added since (its rows of `entity_index.rq` and the
version it took the store to), so an add appends one short line instead of rewriting the index.
It is trusted only when every check holds, and otherwise ignored (the index is recomputed and the
file rewritten): the format, the base URI and the text of `entity_index.rq` it was made with, an
unbroken chain of versions from the header to the store's current version, and the store's quad
count (which catches a write that bypassed councilkg and its version, e.g. a raw pyoxigraph bulk
load). A file that does not parse is corrupt and ignored the same way. A new header is written to a
temporary file and moved into place with `os.replace`, so a reader never sees half a file; a torn
last line (a crash while appending) fails to parse and makes the whole file ignored.

Only a store opened read-write writes the file; read-only openers (the query workers) never do.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("councilkg.entity_index")

FILE_NAME = "councilkg-entity-index.jsonl"
FORMAT = "councilkg-entity-index/1"
"""Bumped whenever the header's or a row's shape, or the fold, changes: older files are then ignored."""
_TMP_PREFIX, _TMP_SUFFIX = ".entity-index-", ".tmp"


@dataclass
class Snapshot:
    """What the file says: the folded index (as JSON-ready entries), then rows added since."""

    version: str
    quads: int
    entries: dict[str, dict[str, Any]]
    added_rows: list[dict[str, str]]
    lines: int
    """Lines in the file (1 + appended adds), to decide when to compact it."""


def path_for(store_dir: Path) -> Path:
    return store_dir / FILE_NAME


def fingerprint(base_uri: str, query_text: str) -> str:
    """What else the index depends on: the base URI (entity keys are relative to it) and the query."""
    return hashlib.sha256(f"{FORMAT}\n{base_uri}\n{query_text}".encode()).hexdigest()


def read(path: Path, *, fingerprint_: str, version: str, quads: int) -> Snapshot | None:
    """The file's index when it matches the store (`version`, `quads`) and `fingerprint_`; else None.

    Never raises for a bad file: a missing, stale or corrupt file is logged and reported as None."""
    try:
        with path.open(encoding="utf-8") as f:
            header = json.loads(f.readline())
            if header.get("format") != FORMAT or header.get("fingerprint") != fingerprint_:
                return _ignored(path, "made by another version of councilkg, base URI or entity_index.rq")
            current, count, rows, lines = header["version"], header["quads"], [], 1
            entries = header["entities"]
            for line in f:
                step = json.loads(line)
                if step["from"] != current:
                    return _ignored(path, f"broken chain of versions at line {lines + 1}")
                rows.extend(step["rows"])
                current, count, lines = step["to"], step["quads"], lines + 1
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        return _ignored(path, f"corrupt ({type(e).__name__}: {e})")
    if current != version or count != quads:
        return _ignored(path, f"stale (it is for store version {current} with {count} quads; the store is at "
                              f"{version} with {quads})")
    if not isinstance(entries, dict) or not all(isinstance(r, dict) for r in rows):
        return _ignored(path, "corrupt (unexpected shape)")
    return Snapshot(current, count, entries, rows, lines)


def _ignored(path: Path, why: str) -> None:
    log.warning("entity index file %s ignored, the index is recomputed: %s", path, why)
    return None


def write(path: Path, *, fingerprint_: str, version: str, quads: int, entries: dict[str, dict[str, Any]]) -> None:
    """Replace the file with a header holding the whole index at `version` (atomically)."""
    header = {"format": FORMAT, "fingerprint": fingerprint_, "version": version, "quads": quads, "entities": entries}
    # temporary files of a writer killed mid-write (there is one writer: Oxigraph locks the store directory)
    for left in path.parent.glob(f"{_TMP_PREFIX}*{_TMP_SUFFIX}"):
        left.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(header, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def append(path: Path, *, version_before: str, version: str, quads: int, rows: Iterable[dict[str, str]]) -> None:
    """Add one line: the rows of a document graph added between `version_before` and `version`."""
    line = json.dumps({"from": version_before, "to": version, "quads": quads, "rows": list(rows)},
                      ensure_ascii=False, separators=(",", ":"))
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())


__all__ = ["FILE_NAME", "Snapshot", "append", "fingerprint", "path_for", "read", "write"]
