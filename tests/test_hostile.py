"""Hostile and broken uploads (tests/hostile/make_corpus.py) are refused with the right issue, in Vietnamese,
at the right place, without a traceback and without touching the store; hostile-looking text in a valid
submission is stored exactly as written.

Each file goes through loaders.read_submission (what the upload page parses with) and through
`python -m loaders import` (one subprocess for all workbooks; CSV tables one by one in-process, since one
command line groups the CSV tables of an agency and year into one submission).
"""

from __future__ import annotations

import pytest

import loaders
from intake import importer
from store import Store
from tests.hostile import make_corpus
from tests.hostile.make_corpus import ANY, Case
from tests.hostile.support import backend, db_url, is_vietnamese, run_import  # noqa: F401 - fixture
from tests.pg import postgres_server, postgres_url  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(cases, paths) with CDS_MAX_UPLOAD_MB set for the size-limit case, for the whole module."""
    with pytest.MonkeyPatch.context() as mp:
        for key, value in make_corpus.ENV.items():
            mp.setenv(key, value)
        cases = make_corpus.corpus()
        paths = make_corpus.write(tmp_path_factory.mktemp("hostile"), cases)
        yield cases, dict(zip((c.name for c in cases), paths))


def place_problems(case: Case, found: list[dict]) -> list[str]:
    """Why none of the issues found matches the case's code and place ([] when one does)."""
    wanted = [f for f in found if f["code"] in case.codes]
    if not wanted:
        return [f"{case.name}: expected {case.codes}, got {[f['code'] for f in found] or 'no error'}"]
    for f in wanted:
        misplaced = [k for k in ("sheet", "row", "column") if getattr(case, k) != ANY and f[k] != getattr(case, k)]
        if not misplaced and is_vietnamese(f["message"]):
            return []
    return [
        f"{case.name}: {case.code} expected at {(case.sheet, case.row, case.column)}, got "
        f"{[(f['sheet'], f['row'], f['column'], f['message'][:60]) for f in wanted]}"
    ]


def as_dicts(issues) -> list[dict]:
    return [
        {"code": i.code, "sheet": i.sheet, "row": i.row, "column": i.column, "message": i.message_vi} for i in issues
    ]


def test_corpus_covers_every_refusal_the_brief_names(corpus):
    cases, _ = corpus
    codes = {c.code for c in cases if c.code}
    assert len(cases) >= 40
    assert codes >= {
        "file-too-large",
        "empty-file",
        "zip-bomb",
        "xml-entities",
        "legacy-or-encrypted",
        "unsupported-format",
        "not-a-workbook",
        "formula-no-value",
        "missing-sheet",
        "empty-sheet",
        "missing-column",
        "missing-field",
        "required-empty",
        "not-a-number",
        "negative-amount",
        "disbursed-over-allocated",
        "pct-out-of-range",
        "value-over-out-of",
        "year-out-of-range",
        "bad-date",
        "bad-month",
        "bad-funding-source",
        "bad-encoding",
        "unknown-csv-table",
        "missing-agency-year",
        "unreadable-file",
    }
    assert sum(c.code is None for c in cases) >= 5
    assert max(len(c.raw) for c in cases if c.code != "file-too-large") < 1024 * 1024  # only that one is big
    again = make_corpus.corpus()
    assert [c.raw for c in again] == [c.raw for c in cases]  # deterministic, byte for byte


def test_every_file_through_read_submission(corpus, capsys):
    cases, _ = corpus
    problems: list[str] = []
    refused = valid = 0
    for case in cases:
        try:
            result = loaders.read_submission(case.name, case.raw)
        except Exception as exc:  # noqa: BLE001 - the finding is the exception itself
            problems.append(f"{case.name}: raised {exc!r}")
            continue
        if case.code is None:
            if not result.ok:
                problems.append(f"{case.name}: valid file refused: {as_dicts(result.errors)}")
            else:
                valid += 1
            continue
        if result.ok or result.submission is not None:
            problems.append(f"{case.name}: accepted, expected {case.code}")
            continue
        found = place_problems(case, as_dicts(result.errors))
        problems += found
        refused += not found
    with capsys.disabled():
        print(f"\nhostile corpus: {len(cases)} files, {refused} refused as expected, {valid} valid kept as data")
    assert problems == []


def test_every_file_through_the_import_command_leaves_the_store_unchanged(corpus, db_url):
    cases, paths = corpus
    seeded = Store.open(db_url)
    base = next(c for c in cases if c.name == "hop-le.xlsx")
    first = importer.import_files([(base.name, base.raw)], uploaded_by="seed", store=seeded)
    assert first[0]["ok"] and first[0]["version"] == 1
    before = seeded.table_checksums()

    refused = [c for c in cases if c.code]
    workbooks = [c for c in refused if not c.name.endswith(".csv")]
    code, lines, stdout, stderr = run_import([paths[c.name] for c in workbooks], url=db_url, **make_corpus.ENV)
    assert "Traceback" not in stdout + stderr
    assert code == 2  # like check: unreadable files among them (not-a-workbook, ...)
    by_file = {line["file"]: line for line in lines}
    assert sorted(by_file) == sorted(c.name for c in workbooks)
    problems: list[str] = []
    for case in workbooks:
        line = by_file[case.name]
        if line["ok"] or line["version"] is not None or line["created"]:
            problems.append(f"{case.name}: stored? {line}")
        problems += place_problems(case, line["errors"])
    for case in (c for c in refused if c.name.endswith(".csv")):  # one at a time: each its own submission
        lines = importer.import_files([(case.name, case.raw)], uploaded_by="kiểm thử", store=seeded)
        assert len(lines) == 1 and not lines[0]["ok"], (case.name, lines)
        problems += place_problems(case, lines[0]["errors"])
    assert problems == []
    assert seeded.table_checksums() == before, "a refused file changed the store"
    seeded.close()


def test_hostile_text_in_valid_files_is_stored_exactly(corpus, db_url, capsys):
    cases, paths = corpus
    valid = [c for c in cases if c.code is None]
    code, lines, stdout, stderr = run_import([paths[c.name] for c in valid], url=db_url, **make_corpus.ENV)
    assert "Traceback" not in stdout + stderr
    assert code == 0, stdout + stderr
    assert [line["file"] for line in lines] == [c.name for c in valid] and all(line["ok"] for line in lines)
    opened = Store.open(db_url)
    checked = 0
    for case, line in zip(valid, lines):
        code_ = "HOST-CSV" if case.name.endswith(".csv") else make_corpus.AGENCY_CODE
        history = opened.versions(code_, make_corpus.YEAR)
        submission_id = int(history.loc[history["version"] == line["version"], "submission_id"].iloc[0])
        sub = opened.load_submission(submission_id)
        expected = case.stored
        if "agency" in expected:
            assert sub.agency == expected["agency"] == line["agency"]
        if "tasks" in expected:
            assert [b.task for b in sub.budget_lines] == expected["tasks"]
        if "request_tasks" in expected:
            assert [r.task for r in sub.requests] == expected["request_tasks"]
        if "prepared_by" in expected:
            assert sub.prepared_by == expected["prepared_by"]
        if "notes" in expected:
            assert [b.note for b in sub.budget_lines] == expected["notes"]
        name, raw = opened.original_file(submission_id)
        assert (name, raw) == (case.name, case.raw)  # the original bytes, untouched
        checked += 1
    # The same bytes again make no new version (format §5).
    again = importer.import_files([(valid[0].name, valid[0].raw)], uploaded_by="kiểm thử", store=opened)
    assert again[0]["created"] is False and again[0]["version"] == lines[0]["version"]
    opened.close()
    with capsys.disabled():
        print(f"\nhostile text ({backend(db_url)}): {checked} valid files stored, text equal to the input")
