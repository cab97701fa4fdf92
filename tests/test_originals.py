"""A stored original is the bytes of the files its submission came from, tied by identity (position), never by
a label of joined names (issue 12): decoy.csv next to a file named "decoy.csv + ZS-1_2023_kinhphi.csv"."""

from __future__ import annotations

import io
import zipfile

from intake import importer
from intake import upload as flow
from loaders.originals import original_file
from store import Store
from tests.conftest import SAMPLE_DIR

QNG = "Ban Dân tộc tỉnh Quảng Ngãi"
TABLE = (SAMPLE_DIR / "csv" / "QNG-BDT_2023_kinhphi.csv").read_bytes()
DECOY = TABLE.replace(QNG.encode(), "Sở Mồi nhử".encode())
ZS1 = TABLE.replace(QNG.encode(), "Sở Thử nghiệm ZS".encode()).replace(b";100;3,402;", b";100;5;")
FILES = [("decoy.csv", DECOY), ("decoy.csv + ZS-1_2023_kinhphi.csv", ZS1)]


def stored_originals(store: Store) -> dict[str, tuple[str, bytes]]:
    """agency -> (file name, bytes) of its stored version."""
    return {
        row.agency: store.original_file(int(row.submission_id)) for row in store.submissions_frame(2023).itertuples()
    }


def test_each_csv_group_stores_its_own_bytes(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    lines = importer.import_files(FILES, uploaded_by="kiểm thử", store=store)
    assert [(line["file"], line["ok"]) for line in lines] == [(name, True) for name, _ in FILES]
    stored = stored_originals(store)
    assert stored["Sở Mồi nhử"] == ("decoy.csv", DECOY)
    assert stored["Sở Thử nghiệm ZS"] == ("decoy.csv + ZS-1_2023_kinhphi.csv", ZS1)
    store.close()


def test_upload_outcomes_keep_their_own_files():
    outcomes = flow.read_uploads([flow.UploadFile(n, r) for n, r in FILES])
    assert sorted((o.submission.agency, o.stored_bytes()) for o in outcomes) == [
        ("Sở Mồi nhử", ("decoy.csv", DECOY)),
        ("Sở Thử nghiệm ZS", ("decoy.csv + ZS-1_2023_kinhphi.csv", ZS1)),
    ]


def test_a_csv_named_with_a_plus_is_read_alone():
    [outcome] = flow.read_uploads([flow.UploadFile("a + b.csv", TABLE)])
    assert outcome.ok and outcome.submission.agency == QNG
    assert outcome.stored_bytes() == ("a + b.csv", TABLE)


def test_a_group_zip_holds_exactly_its_files_under_bare_names():
    parts = [(p.name, p.read_bytes()) for p in sorted((SAMPLE_DIR / "csv").glob("*.csv"))]
    outcomes = flow.read_uploads([flow.UploadFile("../../" + n, r) for n, r in parts])
    [outcome] = outcomes
    name, raw = outcome.stored_bytes()
    assert name == "QNG-BDT_2023_csv.zip"
    with zipfile.ZipFile(io.BytesIO(raw)) as bundle:
        assert sorted((i.filename, bundle.read(i)) for i in bundle.infolist()) == sorted(parts)
    _, hostile = original_file([("../../../etc/x.csv", b"1"), ("..\\\\..\\\\y.csv", b"2")], None)
    with zipfile.ZipFile(io.BytesIO(hostile)) as bundle:
        assert sorted(bundle.namelist()) == ["x.csv", "y.csv"]


def test_duplicate_bytes_and_names_in_one_upload_get_a_clear_message(sample_dir):
    raw = (sample_dir / "quang-ngai_ban-dan-toc_2023.xlsx").read_bytes()
    other = (sample_dir / "bac-giang_ban-dan-toc_2023.xlsx").read_bytes()
    outcomes = flow.read_uploads(
        [
            flow.UploadFile("bao-cao.xlsx", raw),
            flow.UploadFile("bao-cao (1).xlsx", raw),
            flow.UploadFile("bao-cao.xlsx", other),
        ]
    )
    by_code = {o.issues[0].code if o.issues and not o.ok else "ok": o for o in outcomes}
    assert set(by_code) == {"ok", "duplicate-file-content", "duplicate-upload-name"}
    assert "bao-cao.xlsx" in by_code["duplicate-file-content"].issues[0].message_vi
    assert len({o.key for o in outcomes}) == 3  # distinct widget keys: no StreamlitDuplicateElementKey


def test_names_are_cleaned_at_the_boundary():
    f = flow.UploadFile("..\\\\../a\nb\u202e\x07c" + "x" * 500 + ".csv", b"1")
    assert "\n" not in f.name and "\u202e" not in f.name and "/" not in f.name and "\\\\" not in f.name
    assert f.name.startswith("a bc") and f.name.endswith(".csv") and len(f.name) <= 120
