"""`python -m loaders import FILE... --by NAME` (intake/importer.py): validates and stores as the upload page
does, one JSON line per submission, exit 0 / 1 / 2 like `check`, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from intake import importer
from loaders.__main__ import UNREADABLE as CHECK_UNREADABLE
from loaders.__main__ import main as loaders_main
from store import Store
from store import database as store_module
from tests.hostile import make_corpus
from tests.hostile.support import ROOT, cli_env, db_url, is_vietnamese, parse_lines, run_import  # noqa: F401
from tests.pg import postgres_server, postgres_url  # noqa: F401 - fixtures

KEYS = ["file", "ok", "agency", "year", "version", "created", "errors", "warnings"]


def call(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = importer.main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, parse_lines(out.out), out.err


@pytest.fixture
def files(tmp_path):
    def put(name: str, raw: bytes):
        path = tmp_path / name
        path.write_bytes(raw)
        return str(path)

    return put


def test_usage_errors_exit_2(capsys, monkeypatch, files):
    monkeypatch.delenv(importer.DEFAULT_UPLOADER_ENV, raising=False)
    assert call(capsys)[0] == 2
    code, lines, err = call(capsys, files("a.xlsx", make_corpus.workbook()))
    assert code == 2 and lines == [] and "--by" in err
    assert importer.UNREADABLE == CHECK_UNREADABLE  # exit 2 for the same codes as check


def test_command_is_wired_into_python_m_loaders():
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "import"],
        capture_output=True,
        text=True,
        env=cli_env(None),
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2 and "usage" in done.stderr and "Traceback" not in done.stderr
    assert (
        "import"
        in subprocess.run(
            [sys.executable, "-m", "loaders", "--help"],
            capture_output=True,
            text=True,
            env=cli_env(None),
            cwd=ROOT,
            check=False,
        ).stdout
    )


def test_versions_as_the_upload_page_makes_them(db_url, capsys, files):
    first = files("bao-cao.xlsx", make_corpus.workbook())
    code, lines, _ = call(capsys, first, "--by", "Nguyễn Văn A", "--database-url", db_url)
    assert code == 0 and len(lines) == 1 and list(lines[0]) == KEYS
    line = lines[0]
    assert line["ok"] and line["created"] and line["version"] == 1
    assert (line["agency"], line["year"], line["errors"]) == (make_corpus.AGENCY, 2023, [])

    code, lines, _ = call(capsys, first, "--by", "Nguyễn Văn B", "--database-url", db_url)
    assert code == 0 and lines[0]["version"] == 1 and lines[0]["created"] is False  # same bytes: no new version

    second = files("bao-cao-sua.xlsx", make_corpus.workbook(info={**make_corpus.base_info(), "prepared_by": "B"}))
    code, lines, _ = call(capsys, second, "--by", "Nguyễn Văn B", "--database-url", db_url)
    assert code == 0 and lines[0]["version"] == 2 and lines[0]["created"]

    opened = Store.open(db_url)
    history = opened.versions(make_corpus.AGENCY_CODE, 2023)
    assert history["version"].tolist() == [1, 2]
    assert history["uploaded_by"].tolist() == ["Nguyễn Văn A", "Nguyễn Văn B"]
    assert history["file_name"].tolist() == ["bao-cao.xlsx", "bao-cao-sua.xlsx"]
    opened.close()


def test_mixed_batch_stores_the_valid_file_and_exits_1(tmp_path, capsys, files):
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    good = files("tot.xlsx", make_corpus.workbook())
    bad = files("chu.xlsx", make_corpus.workbook(budget=make_corpus.with_budget(allocated="một trăm")))
    code, lines, _ = call(capsys, good, bad, "--by", "A", "--database-url", url)
    assert code == 1
    assert [(line["file"], line["ok"], line["version"]) for line in lines] == [
        ("tot.xlsx", True, 1),
        ("chu.xlsx", False, None),
    ]
    error = lines[1]["errors"][0]
    assert (error["code"], error["sheet"], error["row"]) == ("not-a-number", "KinhPhi", 2)
    assert is_vietnamese(error["message"])
    opened = Store.open(url)
    assert opened.submissions_frame()["n_versions"].tolist() == [1]
    opened.close()


def test_errors_are_those_check_prints(tmp_path, capsys, files):
    path = files("sai.xlsx", make_corpus.workbook(budget=make_corpus.with_budget(disbursed=150, expected_pct=150)))
    assert loaders_main(["check", path]) == 1
    checked = json.loads(capsys.readouterr().out)
    code, lines, _ = call(capsys, path, "--by", "A", "--database-url", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert code == 1
    keep = ("sheet", "row", "column", "code", "message")
    assert [{k: e[k] for k in keep} for e in lines[0]["errors"]] == [{k: e[k] for k in keep} for e in checked["errors"]]
    assert not (tmp_path / "x.sqlite3").exists()  # nothing valid: the store is not even opened


def test_unreadable_or_missing_files_exit_2(tmp_path, capsys, files):
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    good = files("tot.xlsx", make_corpus.workbook())
    code, lines, err = call(capsys, good, str(tmp_path / "khong-co.xlsx"), "--by", "A", "--database-url", url)
    assert code == 2 and [line["errors"][0]["code"] for line in lines] == ["file-not-found"]
    assert "Không lưu" in err and not (tmp_path / "cds.sqlite3").exists()  # a typo in a batch stores nothing
    renamed = files("anh.xlsx", make_corpus.PNG)
    code, lines, _ = call(capsys, good, renamed, "--by", "A", "--database-url", url)
    assert code == 2 and [line["ok"] for line in lines] == [True, False]  # like check: unreadable -> 2
    assert lines[1]["errors"][0]["code"] == "not-a-workbook"


def test_two_files_with_one_name_stop_the_batch(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    for folder, who in (("a", "A"), ("b", "B")):
        (tmp_path / folder).mkdir()
        info = {**make_corpus.base_info(), "prepared_by": who}
        (tmp_path / folder / "bao-cao.xlsx").write_bytes(make_corpus.workbook(info=info))
    code, lines, _ = call(
        capsys,
        str(tmp_path / "a" / "bao-cao.xlsx"),
        str(tmp_path / "b" / "bao-cao.xlsx"),
        "--by",
        "A",
        "--database-url",
        url,
    )
    assert code == 2 and [line["errors"][0]["code"] for line in lines] == ["duplicate-file-name"] * 2
    assert not (tmp_path / "cds.sqlite3").exists()


def test_the_same_bytes_twice_are_imported_once(tmp_path, capsys, files):
    """bao-cao.xlsx and its copy bao-cao (1).xlsx: one version, and the copy refused naming the first, as the
    upload page does (duplicate-file-content)."""
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    raw = make_corpus.workbook()
    first, copy = files("bao-cao.xlsx", raw), files("bao-cao (1).xlsx", raw)
    code, lines, _ = call(capsys, first, copy, "--by", "A", "--database-url", url)
    assert code == 1
    assert [(line["file"], line["ok"], line["version"]) for line in lines] == [
        ("bao-cao.xlsx", True, 1),
        ("bao-cao (1).xlsx", False, None),
    ]
    refusal = lines[1]["errors"][0]
    assert refusal["code"] == "duplicate-file-content" and "bao-cao.xlsx" in refusal["message"]
    assert is_vietnamese(refusal["message"])
    opened = Store.open(url)
    assert opened.submissions_frame()["n_versions"].tolist() == [1]
    opened.close()


def test_csv_tables_become_one_submission_stored_as_the_page_stores_it(tmp_path, capsys, files):
    pytest.importorskip("streamlit")
    from intake import upload as flow

    sys.path.insert(0, str(ROOT / "sample_data"))
    import generate

    tables = {f"QNG-BDT_2023_{t}.csv": text.encode("utf-8-sig") for t, text in generate.quang_ngai_csv_tables().items()}
    paths = [files(name, raw) for name, raw in tables.items()]
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    code, lines, _ = call(capsys, *paths, "--by", "A", "--database-url", url)
    assert code == 0 and len(lines) == 1 and lines[0]["version"] == 1
    assert set(lines[0]["file"].split(" + ")) == set(tables)
    opened = Store.open(url)
    outcome = flow.Outcome(
        "table", tuple(flow.UploadFile(n, r) for n, r in tables.items()), opened.current_submission("QNG-BDT", 2023), ()
    )
    submission_id = opened.current_submission_id("QNG-BDT", 2023)
    assert opened.original_file(submission_id) == outcome.stored_bytes()  # same name, same bytes as the page
    assert len(opened.load_submission(submission_id).budget_lines) == 5
    opened.close()
    code, lines, _ = call(capsys, *reversed(paths), "--by", "B", "--database-url", url)
    assert code == 0 and lines[0]["created"] is False  # the same tables again: no new version


def test_store_failure_is_a_json_line_not_a_traceback(capsys, files):
    path = files("tot.xlsx", make_corpus.workbook())
    for url in (
        "postgresql+psycopg://kiemthu:matkhau-bi-mat@127.0.0.1:1/khong_co",
        "sqlite:////proc/khong-ghi-duoc/cds.sqlite3",
    ):
        code, lines, _ = call(capsys, path, "--by", "A", "--database-url", url)
        assert code == 1 and len(lines) == 1, url
        error = lines[0]["errors"][0]
        assert lines[0]["ok"] is False and error["code"] == "store-error" and is_vietnamese(error["message"])
        assert "matkhau-bi-mat" not in json.dumps(lines, ensure_ascii=False)


def test_failure_mid_batch_rolls_back_only_that_submission(tmp_path, capsys, files, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    first = files("mot.xlsx", make_corpus.workbook())
    second = files("hai.xlsx", make_corpus.workbook(info={**make_corpus.base_info(), "prepared_by": "hai"}))
    real = store_module._insert_children

    def failing_for_the_second(conn, submission_id, sub, issues, later=None):
        real(conn, submission_id, sub, issues, later)  # the lines are written (or queued), then the disk "fails"
        if sub.prepared_by == "hai":  # each time: saved with the batch, then again in its own savepoint
            raise store_module.OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(store_module, "_insert_children", failing_for_the_second)
    code, lines, _ = call(capsys, first, second, "--by", "A", "--database-url", url)
    assert code == 1
    assert [(line["ok"], line["version"]) for line in lines] == [(True, 1), (False, None)]
    assert lines[1]["errors"][0]["code"] == "store-error" and "disk I/O error" in lines[1]["errors"][0]["message"]
    monkeypatch.undo()
    opened = Store.open(url)
    history = opened.versions(make_corpus.AGENCY_CODE, 2023)
    assert history["file_name"].tolist() == ["mot.xlsx"]
    assert opened.budget_lines_frame(2023)["submission_id"].nunique() == 1  # no stray lines of "hai"
    opened.close()


def test_default_store_is_sqlite_in_cds_data_dir(tmp_path, monkeypatch, files):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    code, lines, _, err = run_import(
        [files("tot.xlsx", make_corpus.workbook())], url=None, CDS_DATA_DIR=str(tmp_path / "data")
    )
    assert code == 0 and lines[0]["version"] == 1, err
    assert (tmp_path / "data" / store_module.SQLITE_FILE).exists()


def test_stores_while_it_reads(tmp_path, monkeypatch):
    """Issue 17: a batch is stored as it is read, in the files' order: when the fourth result comes, the first
    batch (SAVE_BATCH = 2 here) is already in the store; the versions are those of storing in order."""
    from loaders import worker

    monkeypatch.setattr(importer, "SAVE_BATCH", 2)
    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    workbooks = [
        (f"v{n}.xlsx", make_corpus.workbook(info={**make_corpus.base_info(), "prepared_by": f"Người lập {n}"}))
        for n in range(5)
    ]
    stored_when_read: list[int] = []
    reading = worker.iter_read_files_limited

    def watched(files):
        for result in reading(files):
            probe = Store.open(url)
            stored_when_read.append(len(probe.versions(make_corpus.AGENCY_CODE, 2023)))
            probe.close()
            yield result

    monkeypatch.setattr(worker, "iter_read_files_limited", watched)
    store = Store.open(url)
    lines = importer.import_files(workbooks, uploaded_by="Nguyễn Văn A", store=store)
    store.close()
    assert [line["version"] for line in lines] == [1, 2, 3, 4, 5]
    assert stored_when_read == [0, 0, 0, 2, 2]  # stored two at a time while the rest were still being read
