"""What a version keeps as its original file: the upload itself, or one zip of the CSV tables grouped into it."""

from __future__ import annotations

import io
import zipfile

from domain import Submission

from .safety import clean_name

# Fixed entry times: the same tables give the same bytes, hence the same SHA-256 and no new version (§5).
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def original_file(files: list[tuple[str, bytes]], submission: Submission | None) -> tuple[str, bytes]:
    """(file name, bytes) to store: one file as it came; several CSV tables as '<code>_<year>_csv.zip'."""
    if len(files) == 1:
        return files[0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, raw in sorted(files):
            # Entry names are bare file names: no "../" or drive letter can reach whoever extracts the zip.
            bundle.writestr(zipfile.ZipInfo(clean_name(name), date_time=_FIXED_TIME), raw)
    stem = f"{submission.agency_code}_{submission.year}" if submission else "bang-csv"
    return f"{stem}_csv.zip", buffer.getvalue()
