"""The offline archive: the built site as one deterministic zip, for reading from disk.

``build --zip`` writes ``archive.zip`` beside the output folder (next to
``site/`` by default): never inside the site it archives, and replaced whole on every
build. Its entries sit under one folder named like the output folder (``site/…``), so
unzipping makes one folder, whose ``index.html`` opens from ``file://``.

The same site gives the same bytes: entries sorted by path, every timestamp the newest
article's date (1980-01-01 when there is none, DOS dates start there), every file
``rw-r--r--`` from a Unix host, one compression level. The output folder's marker
(``.quotemark-site``) is left out: it tells quotemark that a folder is its own to
replace, and an unzipped copy belongs to its reader, so quotemark must not treat it as
disposable if it is ever passed as ``--out``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import BinaryIO

from quotemark.output import MARKER, replacing

EARLIEST = dt.date(1980, 1, 1)
FILE_MODE = 0o100644  # a regular file, rw-r--r--
UNIX = 3  # ZipInfo.create_system: the host that made the entry
LEVEL = 9


def archive_path(out: Path) -> Path:
    """Where ``--zip`` writes the archive of the site in ``out``: ``archive.zip`` beside it."""
    return out.with_name("archive.zip")


def site_files(site: Path) -> list[str]:
    """Every file of the site but the marker, as sorted posix paths."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and path.name != MARKER
    )


def write_zip(site: Path, stream: BinaryIO, stamp: dt.date | None) -> int:
    """Write the site as a zip to ``stream``; return the number of files."""
    day = max(stamp or EARLIEST, EARLIEST)
    files = site_files(site)
    with zipfile.ZipFile(stream, "w") as archive:
        for rel in files:
            info = zipfile.ZipInfo(f"{site.name}/{rel}", (day.year, day.month, day.day, 0, 0, 0))
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (site / rel).read_bytes(), compresslevel=LEVEL)
    return len(files)


def write_archive(site: Path, stamp: dt.date | None) -> Path:
    """Zip the built site to ``<site>.zip`` atomically (temp file, then rename); return it."""
    target = archive_path(site)
    with replacing(target) as stream:
        write_zip(site, stream, stamp)
    return target
