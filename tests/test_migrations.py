"""Opening files: new ones at the newest schema, old ones upgraded, strange ones refused untouched."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from pathlib import Path

import pytest

from clerkbook.store import NewerSchemaError, NotAClerkbookFile, NotebookFileError, open_notebook
from clerkbook.store.connect import PassphraseRequired
from clerkbook.store.engine import make_engine
from clerkbook.store.paths import create_private_file
from clerkbook.store.schema import APPLICATION_ID, HEAD, MIGRATIONS_LOCATION, REVISIONS, upgrade


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def make_file_at(path: Path, revision: str) -> None:
    """A notebook file as an older clerkbook would have left it."""
    create_private_file(path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
    engine = make_engine(path)
    upgrade(engine, revision)
    engine.dispose()


class TestNewFile:
    """A new notebook is created at the newest schema, privately."""

    def test_created_at_head(self, db_path: Path) -> None:
        with open_notebook(db_path) as nb:
            assert nb.schema_revision() == HEAD
        with sqlite3.connect(db_path) as connection:
            assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    def test_migrations_build_exactly_the_models(self, db_path: Path) -> None:
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext

        from clerkbook.models import Base
        from clerkbook.store.search import is_index_table

        # The FTS5 search index and its shadow tables are made by migration 0004 and have no model.
        options = {"include_name": lambda name, type_, _parent: not (type_ == "table" and is_index_table(name))}
        with open_notebook(db_path) as nb, nb.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection, opts=options), Base.metadata)
        assert diff == []

    def test_known_revisions_match_the_scripts(self) -> None:
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", MIGRATIONS_LOCATION)
        script = ScriptDirectory.from_config(config)
        history = [rev.revision for rev in reversed(list(script.walk_revisions()))]
        assert tuple(history) == REVISIONS
        assert script.get_heads() == [HEAD]

    def test_file_and_wal_are_private(self, db_path: Path) -> None:
        old_umask = os.umask(0o022)
        try:
            with open_notebook(db_path) as nb:
                nb.add_rotation("Surgery", start=__import__("datetime").date(2026, 11, 9))
                assert mode(db_path) == 0o600
                for sidecar in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
                    if sidecar.exists():
                        assert mode(sidecar) == 0o600
        finally:
            os.umask(old_umask)

    def test_default_location_folder_is_private(self, tmp_path: Path, monkeypatch) -> None:
        monkeypatch.delenv("CLERKBOOK_DB")
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
        with open_notebook() as nb:
            assert nb.path == tmp_path / "data" / "clerkbook" / "clerkbook.db"
        assert mode(tmp_path / "data" / "clerkbook") == 0o700
        assert mode(nb.path) == 0o600

    def test_environment_variable_is_honoured(self, tmp_path: Path, monkeypatch) -> None:
        monkeypatch.setenv("CLERKBOOK_DB", str(tmp_path / "from-env.db"))
        with open_notebook() as nb:
            assert nb.path == tmp_path / "from-env.db"

    def test_loose_permissions_are_tightened(self, db_path: Path) -> None:
        open_notebook(db_path).close()
        os.chmod(db_path, 0o644)
        open_notebook(db_path).close()
        assert mode(db_path) == 0o600

    def test_empty_file_becomes_a_notebook(self, db_path: Path) -> None:
        db_path.touch()
        with open_notebook(db_path) as nb:
            assert nb.schema_revision() == HEAD

    def test_missing_folder_is_a_clear_error(self, tmp_path: Path) -> None:
        with pytest.raises(NotebookFileError, match="does not exist"):
            open_notebook(tmp_path / "no-such-folder" / "nb.db")
        assert not (tmp_path / "no-such-folder").exists()


class TestUpgrade:
    """A notebook from an older clerkbook is backed up, then upgraded in place."""

    def test_first_schema_is_upgraded_with_a_backup(self, db_path: Path) -> None:
        make_file_at(db_path, REVISIONS[0])
        with sqlite3.connect(db_path) as connection:
            stamp = "2026-11-20T08:00:00.000000Z"
            connection.execute(
                "INSERT INTO rotation (id, specialty, site, service, start_date, is_current, created_at, updated_at)"
                " VALUES (1, 'Internal Medicine', 'Riverside General', '', '2026-11-09', 1, ?, ?)", (stamp, stamp))
            connection.execute(
                "INSERT INTO todo (id, rotation_id, text, kind, position, created_at, updated_at)"
                " VALUES (1, 1, 'f/u K+ after repletion', 'lab', 1, ?, ?)", (stamp, stamp))
        with open_notebook(db_path) as nb:
            assert nb.schema_revision() == HEAD
            assert [t.text for t in nb.list_todos()] == ["f/u K+ after repletion"]
            # What the newest schema adds works on the upgraded file.
            nb.add_tags("todo", 1, ["renal"])
            nb.delete_todo(1)
            assert nb.tags_for("todo", 1) == []
        backups = list((db_path.parent / "backups").glob(f"{db_path.stem}.before-upgrade-from-{REVISIONS[0]}-*.db"))
        assert len(backups) == 1
        assert mode(backups[0]) == 0o600
        with sqlite3.connect(backups[0]) as connection:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == REVISIONS[0]
            assert connection.execute("SELECT text FROM todo").fetchall() == [("f/u K+ after repletion",)]

    def test_rows_of_a_0002_file_each_get_their_own_uid(self, db_path: Path) -> None:
        make_file_at(db_path, "0002")
        stamp = "2026-11-20T08:00:00.000000Z"
        with sqlite3.connect(db_path) as connection:
            connection.execute(
                "INSERT INTO rotation (id, specialty, site, service, start_date, is_current, created_at, updated_at)"
                " VALUES (1, 'Surgery', '', '', '2026-11-09', 1, ?, ?)", (stamp, stamp))
            for number in range(1, 4):
                connection.execute(
                    "INSERT INTO patient (id, rotation_id, bed, age_sex, summary, status, created_at, updated_at)"
                    " VALUES (?, 1, ?, '', '', 'active', ?, ?)", (number, f"B{number}", stamp, stamp))
                connection.execute(
                    "INSERT INTO todo (rotation_id, patient_id, text, kind, position, created_at, updated_at)"
                    " VALUES (1, ?, 'AM labs', 'lab', ?, ?, ?)", (number, number, stamp, stamp))
                connection.execute(
                    "INSERT INTO teaching_point (rotation_id, text, topic, source, starred, created_at, updated_at)"
                    " VALUES (1, 'Murphy sign', '', '', 0, ?, ?)", (stamp, stamp))
                connection.execute(
                    "INSERT INTO question (rotation_id, text, answer, status, created_at, updated_at)"
                    " VALUES (1, 'Why?', '', 'open', ?, ?)", (stamp, stamp))
                sections = ", ".join(["''"] * 15)
                connection.execute(
                    "INSERT INTO note (id, rotation_id, kind, title, status, subjective, objective, chief_complaint,"
                    " hpi, pmh, psh, medications, allergies, social_history, family_history, ros, physical_exam,"
                    f" data, assessment, plan, created_at, updated_at) VALUES (?, 1, 'soap', '', 'draft', {sections},"
                    " ?, ?)", (number, stamp, stamp))
                connection.execute(
                    "INSERT INTO note_revision (note_id, title, status, content, reason, created_at, updated_at)"
                    " VALUES (?, '', 'draft', '{}', 'save', ?, ?)", (number, stamp, stamp))
                connection.execute(
                    "INSERT INTO reflection (id, rotation_id, week, went_well, didnt_go_well, learned_about_myself,"
                    " do_differently, free_text, created_at, updated_at)"
                    " VALUES (?, 1, ?, '', '', '', '', '', ?, ?)", (number, f"2026-W4{number}", stamp, stamp))
                connection.execute(
                    "INSERT INTO reflection_revision (reflection_id, content, reason, created_at, updated_at)"
                    " VALUES (?, '{}', 'save', ?, ?)", (number, stamp, stamp))
        connection.close()
        tables = ("rotation", "patient", "todo", "teaching_point", "question", "note", "note_revision", "reflection",
                  "reflection_revision")
        with open_notebook(db_path) as nb:
            assert nb.schema_revision() == HEAD
            nb.add_todo("Page radiology")
            with sqlite3.connect(db_path) as connection:
                uids = [row[0] for table in tables for row in connection.execute(f"SELECT uid FROM {table}")]
                # The upgrade rebuilt no table: 0002's triggers and the partial unique indexes survive.
                names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            connection.close()
            assert len(uids) == 1 + 3 * 8 + 1
            assert all(re.fullmatch(r"[0-9a-f]{32}", uid) for uid in uids) and len(set(uids)) == len(uids)
            assert {"tagging_cleanup_todo", "uq_patient_active_bed", "uq_rotation_current", "ix_note_uid"} <= names
            assert len(nb.export_document()["notes"]) == 3

    def test_current_file_is_not_backed_up_again(self, db_path: Path) -> None:
        open_notebook(db_path).close()
        open_notebook(db_path).close()
        assert sorted(p.name for p in db_path.parent.glob("*.db")) == [db_path.name]


def assert_refused_untouched(path: Path, error: type[Exception], match: str) -> None:
    wal = Path(f"{path}-wal")
    before = path.read_bytes(), wal.read_bytes() if wal.exists() else b""
    with pytest.raises(error, match=match) as info:
        open_notebook(path)
    assert "\n" not in str(info.value)
    assert (path.read_bytes(), wal.read_bytes() if wal.exists() else b"") == before


class TestRefused:
    """Files clerkbook did not write, or cannot read, are refused and left byte-identical."""

    def test_newer_schema(self, db_path: Path) -> None:
        open_notebook(db_path).close()
        connection = sqlite3.connect(db_path)
        with connection:
            connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.close()
        assert_refused_untouched(db_path, NewerSchemaError, "newer clerkbook")

    def test_garbage_file(self, db_path: Path) -> None:
        db_path.write_bytes(os.urandom(8191))
        assert_refused_untouched(db_path, NotAClerkbookFile, "not an SQLite database")

    def test_garbage_in_whole_pages_may_be_an_encrypted_notebook(self, db_path: Path) -> None:
        db_path.write_bytes(os.urandom(8192))
        assert_refused_untouched(db_path, PassphraseRequired, "encrypted \\(or damaged\\).*CLERKBOOK_PASSPHRASE")

    def test_text_file(self, db_path: Path) -> None:
        db_path.write_text("Shopping list: milk, eggs\n")
        assert_refused_untouched(db_path, NotAClerkbookFile, "not a clerkbook notebook")

    def test_someone_elses_sqlite_database(self, db_path: Path) -> None:
        with sqlite3.connect(db_path) as connection:
            connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
            connection.execute("INSERT INTO recipes (title) VALUES ('bread')")
        connection.close()
        assert_refused_untouched(db_path, NotAClerkbookFile, "not a clerkbook notebook")

    def test_damaged_database(self, db_path: Path) -> None:
        open_notebook(db_path).close()
        data = bytearray(db_path.read_bytes())
        data[100:4096] = os.urandom(4096 - 100)  # scramble the schema page after the header
        db_path.write_bytes(bytes(data))
        assert_refused_untouched(db_path, NotebookFileError, "damaged|not a clerkbook")

    def test_a_folder(self, tmp_path: Path) -> None:
        with pytest.raises(NotebookFileError, match="not a file"):
            open_notebook(tmp_path)
