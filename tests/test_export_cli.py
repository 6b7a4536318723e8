"""``clerkbook export`` and ``clerkbook import`` end to end, on the demo notebook plus planted identifiers.

Every identifier here is invented for the test: the names, numbers and dates belong to no one.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner, Result

from clerkbook.cli import cli
from clerkbook.domain.demo import fill_demo
from clerkbook.store import open_notebook

NOW = datetime(2026, 11, 25, 10, 15, tzinfo=ZoneInfo("America/New_York"))
#: (where it is planted, the text, what the guard must call it)
PLANTED = {
    "todo": ("call wife Linda re: goals of care, (555) 867-5309", "PHONE"),
    "point": ("Mr. Hernandez taught us to recheck K+ after repletion", "NAME"),
    "answer": ("Found it in the chart under MRN 00412377", "MRN"),
    "note": ("Pt seen with daughter; DOB 3/14/1950 confirmed", "DATE"),
}


def run(db: Path, *args: str, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, ["--db", str(db), *args])
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, ["--db", str(db), *args])
    finally:
        os.chdir(old)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """The demo notebook, clean of identifiers."""
    path = tmp_path / "demo.db"
    with open_notebook(path) as nb:
        fill_demo(nb, NOW)
    return path


@pytest.fixture
def planted_db(demo_db: Path) -> Path:
    """The demo notebook with one invented identifier in a to-do, a point, an answer and a note."""
    with open_notebook(demo_db) as nb:
        rotation = nb.current_rotation()
        nb.add_todo(PLANTED["todo"][0])
        nb.add_point(PLANTED["point"][0], topic="electrolytes")
        question = nb.add_question("Where is the old echo?")
        nb.answer_question(question.id, PLANTED["answer"][0])
        note = nb.create_note("soap", title="Planted note", rotation_id=rotation.id)
        nb.save_note(note.id, sections={"subjective": PLANTED["note"][0]})
    return demo_db


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def front_matter(text: str) -> dict:
    assert text.startswith("---\n"), text[:80]
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end])


# --- the guard -----------------------------------------------------------------------------------------------


#: What each format prints of the planted text: the guard reads exactly that. The Anki deck holds points and
#: answered questions; the dossier holds answered questions, starred or story-tagged points and story notes.
GUARDED = {"md": {"PHONE", "NAME", "MRN", "DATE"}, "html": {"PHONE", "NAME", "MRN", "DATE"},
           "json": {"PHONE", "NAME", "MRN", "DATE"}, "anki": {"NAME", "MRN"}, "dossier": {"MRN"}}


def test_the_guard_blocks_by_default_lists_every_finding_and_writes_nothing(planted_db: Path, tmp_path: Path):
    for fmt, kinds in GUARDED.items():
        out = tmp_path / f"out-{fmt}"
        result = run(planted_db, "export", "--format", fmt, "--out", str(out))
        assert result.exit_code == 3, (fmt, result.output)
        assert "Traceback" not in result.stderr
        reported = set(re.findall(r": ([A-Z]+) \"", result.stderr))
        assert reported == kinds, (fmt, result.stderr)
        assert "nothing was written" in result.stderr
        assert result.stderr.strip().splitlines()[-1].startswith("clerkbook: Export stopped")
        assert not out.exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith((".out", "out"))] == []


def test_each_finding_says_where_it_is(planted_db: Path, tmp_path: Path):
    result = run(planted_db, "export", "--format", "md", "--out", str(tmp_path / "x"))
    assert re.search(r'Note "Planted note" · subjective: DATE "3/14/1950"', result.stderr), result.stderr
    assert 'PHONE "(555) 867-5309"' in result.stderr


def test_redact_replaces_each_finding_with_its_kind(planted_db: Path, tmp_path: Path):
    out = tmp_path / "redacted.json"
    result = run(planted_db, "export", "--format", "json", "--out", str(out), "--redact")
    assert result.exit_code == 0, result.output
    assert "Redacted" in result.stdout
    text = out.read_text(encoding="utf-8")
    for raw in ("Hernandez", "867-5309", "00412377", "3/14/1950", "Linda"):
        assert raw not in text
    for kind in ("[NAME]", "[PHONE]", "[MRN]", "[DATE]"):
        assert kind in text
    # The notebook itself is never changed by an export.
    with open_notebook(planted_db) as nb:
        assert any("Hernandez" in p.text for p in nb.list_points(all_rotations=True))


def test_allow_phi_exports_as_is_and_says_so(planted_db: Path, tmp_path: Path):
    out = tmp_path / "as-is.html"
    result = run(planted_db, "export", "--format", "html", "--out", str(out), "--allow-phi")
    assert result.exit_code == 0, result.output
    assert "--allow-phi" in result.stderr and "Warning" in result.stderr
    assert "Hernandez" in out.read_text(encoding="utf-8")


def test_tags_are_guarded_and_redacted_tags_still_import(demo_db: Path, tmp_path: Path):
    with open_notebook(demo_db) as nb:
        nb.add_point("Check potassium daily on spironolactone", tags=["cardio", "pat.doe@example.org"])
    blocked = run(demo_db, "export", "--format", "json", "--out", str(tmp_path / "x.json"))
    assert blocked.exit_code == 3 and 'tags: EMAIL "pat.doe@example.org"' in blocked.stderr
    out = tmp_path / "redacted.json"
    assert run(demo_db, "export", "--format", "json", "--out", str(out), "--redact").exit_code == 0
    assert "pat.doe" not in out.read_text() and '"[email]"' in out.read_text()
    assert run(tmp_path / "fresh.db", "import", str(out)).exit_code == 0


def test_a_teacher_credited_by_name_is_not_a_finding(demo_db: Path, tmp_path: Path):
    with open_notebook(demo_db) as nb:
        nb.add_point("Always examine the feet in diabetes", source="Dr. Patel (attending)")
    result = run(demo_db, "export", "--format", "md", "--out", str(tmp_path / "md"))
    assert result.exit_code == 0, result.stderr
    assert "Dr. Patel (attending)" in "".join(tree(tmp_path / "md").values())


def test_force_replaces_only_an_earlier_export_never_another_folder(demo_db: Path, tmp_path: Path):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Personal.md").write_text("mine")
    # A folder that is not an export receives the export inside it, whatever --force says.
    result = run(demo_db, "export", "--format", "md", "--out", str(vault), "--force")
    assert result.exit_code == 0, result.stderr
    assert (vault / "Personal.md").read_text() == "mine" and (vault / ".obsidian").is_dir()
    (inside,) = [p for p in vault.iterdir() if p.name.startswith("clerkbook-md-")]
    assert (inside / "index.md").is_file()
    # An earlier export is replaced with --force, and only then.
    assert run(demo_db, "export", "--format", "md", "--out", str(inside)).exit_code == 1
    assert run(demo_db, "export", "--format", "md", "--out", str(inside), "--force").exit_code == 0
    # The current folder and its parents are never replaced.
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    (tmp_path / "a" / "sibling.txt").write_text("keep")
    result = run(demo_db, "export", "--format", "dossier", "--out", "..", "--force", cwd=work)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "a" / "sibling.txt").read_text() == "keep" and work.is_dir()


def test_a_folder_for_a_single_file_format_gets_a_dated_file_inside(demo_db: Path, tmp_path: Path):
    folder = tmp_path / "prints"
    folder.mkdir()
    assert run(demo_db, "export", "--format", "html", "--out", str(folder)).exit_code == 0
    (page,) = folder.iterdir()
    assert page.name.startswith("clerkbook-html-") and page.suffix == ".html"


def test_nothing_to_export_and_a_missing_notebook_are_one_line(demo_db: Path, tmp_path: Path):
    result = run(demo_db, "export", "--format", "dossier", "--since", "2020-01-01", "--until", "2020-02-01")
    assert result.exit_code == 1 and "Nothing to export" in result.stderr
    missing = tmp_path / "demo.dbb"
    result = run(missing, "export", "--format", "json")
    assert result.exit_code == 1 and "No notebook at" in result.stderr and not missing.exists()


def test_redact_and_allow_phi_together_is_refused(planted_db: Path, tmp_path: Path):
    result = run(planted_db, "export", "--format", "md", "--redact", "--allow-phi")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1


# --- every format, from the demo -----------------------------------------------------------------------------


def test_markdown_folder_front_matter_parses_and_the_index_links_every_file(demo_db: Path, tmp_path: Path):
    out = tmp_path / "vault"
    result = run(demo_db, "export", "--format", "md", "--out", str(out))
    assert result.exit_code == 0, result.output
    files = tree(out)
    assert "index.md" in files
    for name, text in files.items():
        if name != "index.md":
            assert isinstance(front_matter(text), dict), name
    linked = set(re.findall(r"\]\(([^)#]+\.md)\)", files["index.md"]))
    assert linked and all((out / link).exists() for link in linked)
    with open_notebook(demo_db) as nb:
        counts = nb.counts()
    assert sum(name.startswith("notes/") for name in files) == counts["notes"]
    assert sum(name.startswith("reflections/") for name in files) == counts["reflections"]
    assert sum(name.startswith("rotations/") for name in files) == counts["rotations"]


def test_html_is_one_file_with_no_external_references(demo_db: Path, tmp_path: Path):
    out = tmp_path / "print.html"
    assert run(demo_db, "export", "--format", "html", "--out", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert not re.search(r"<(link|script|img|iframe)\b", html, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html, re.I)
    assert "url(" not in html
    with open_notebook(demo_db) as nb:
        point = nb.list_points(all_rotations=True)[0]
    assert point.text.split()[0] in html


def test_anki_deck_opens_as_a_zip_with_the_teaching_points(demo_db: Path, tmp_path: Path):
    out = tmp_path / "deck.apkg"
    assert run(demo_db, "export", "--format", "anki", "--out", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as deck:
        names = deck.namelist()
        assert "collection.anki2" in names
        deck.extract("collection.anki2", tmp_path)
    with open_notebook(demo_db) as nb:
        expected = len(nb.list_points(all_rotations=True)) + sum(
            1 for q in nb.list_questions(all_rotations=True) if q.answer)
    with sqlite3.connect(tmp_path / "collection.anki2") as collection:
        assert collection.execute("SELECT count(*) FROM notes").fetchone()[0] == expected


def test_dossier_has_markdown_and_html_with_every_rotation(demo_db: Path, tmp_path: Path):
    out = tmp_path / "dossier"
    assert run(demo_db, "export", "--format", "dossier", "--out", str(out)).exit_code == 0
    files = tree(out)
    assert set(files) == {"dossier.md", "dossier.html"}
    with open_notebook(demo_db) as nb:
        rotations = nb.list_rotations()
    for rotation in rotations:
        assert rotation.specialty in files["dossier.md"] and rotation.specialty in files["dossier.html"]
    assert "Stories" in files["dossier.md"]


def test_exports_are_private_to_the_user(demo_db: Path, tmp_path: Path):
    run(demo_db, "export", "--format", "md", "--out", str(tmp_path / "md"))
    run(demo_db, "export", "--format", "json", "--out", str(tmp_path / "all.json"))
    assert stat.S_IMODE((tmp_path / "md").stat().st_mode) == 0o700
    for path in [tmp_path / "all.json", *(tmp_path / "md").rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_default_name_is_dated_in_the_current_folder_and_never_replaces_an_earlier_one(demo_db: Path,
                                                                                          tmp_path: Path):
    work = tmp_path / "work"
    work.mkdir()
    first = run(demo_db, "export", "--format", "json", cwd=work)
    second = run(demo_db, "export", "--format", "json", cwd=work)
    assert first.exit_code == second.exit_code == 0
    names = sorted(p.name for p in work.iterdir())
    assert len(names) == 2 and all(re.fullmatch(r"clerkbook-json-\d{4}-\d{2}-\d{2}(-2)?\.json", n) for n in names)


def test_an_existing_out_is_kept_unless_forced(demo_db: Path, tmp_path: Path):
    out = tmp_path / "keep.json"
    out.write_text("my own file")
    result = run(demo_db, "export", "--format", "json", "--out", str(out))
    assert result.exit_code == 1 and "--force" in result.stderr
    assert out.read_text() == "my own file"
    assert run(demo_db, "export", "--format", "json", "--out", str(out), "--force").exit_code == 0
    assert json.loads(out.read_text())["format"] == "clerkbook-export"


def test_a_missing_folder_is_one_line(demo_db: Path, tmp_path: Path):
    result = run(demo_db, "export", "--format", "html", "--out", str(tmp_path / "nope" / "x.html"))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "does not exist" in result.stderr


# --- narrowing -----------------------------------------------------------------------------------------------


def test_rotation_filter_keeps_one_rotation(demo_db: Path, tmp_path: Path):
    with open_notebook(demo_db) as nb:
        rotations = nb.list_rotations()
    wanted = rotations[0]
    out = tmp_path / "one.json"
    result = run(demo_db, "export", "--format", "json", "--out", str(out), "--rotation", wanted.specialty.lower())
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert [r["specialty"] for r in doc["rotations"]] == [wanted.specialty]
    uids = {r["uid"] for r in doc["rotations"]}
    for name in ("patients", "todos", "teaching_points", "questions", "notes"):
        assert all(entry["rotation"] in uids for entry in doc[name])


def test_unknown_rotation_and_bad_dates_are_one_line(demo_db: Path):
    for args, fragment in ((["--rotation", "Dermatology"], "No rotation matches"),
                           (["--since", "the day after never"], "--since: Cannot read"),
                           (["--until", "soonish"], "--until: Cannot read"),
                           (["--since", "2026-12-01", "--until", "2026-11-01"], "after")):
        result = run(demo_db, "export", "--format", "md", *args)
        assert result.exit_code == 1 and result.stderr.count("\n") == 1, (args, result.stderr)
        assert fragment in result.stderr, result.stderr


@pytest.mark.parametrize("phrase, expected", [
    ("2026-11-01", "2026-11-01"), ("nov 1", "2026-11-01"), ("dec 25", "2025-12-25"), ("2026-11", "2026-11-01"),
    ("yesterday", "2026-11-25"), ("last week", "2026-11-19"), ("last month", "2026-10-26"),
    ("3 weeks ago", "2026-11-05"),
])
def test_since_reads_days_in_the_past(phrase: str, expected: str):
    from datetime import date

    from clerkbook.domain.export.select import parse_day

    assert parse_day(phrase, date(2026, 11, 26)).isoformat() == expected
    assert parse_day("2026-02", date(2026, 11, 26), end=True).isoformat() == "2026-02-28"


def test_since_until_keeps_entries_written_in_the_span(demo_db: Path, tmp_path: Path):
    out = tmp_path / "span.json"
    result = run(demo_db, "export", "--format", "json", "--out", str(out), "--since", "2026-11-20",
                 "--until", "2026-11-25")
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    for name in ("todos", "teaching_points", "questions", "notes"):
        for entry in doc[name]:
            assert "2026-11-20" <= entry["created_at"][:10] <= "2026-11-26", entry["created_at"]


# --- import --------------------------------------------------------------------------------------------------


def test_json_round_trip_through_the_command_line_is_byte_identical(demo_db: Path, tmp_path: Path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    fresh = tmp_path / "fresh.db"
    assert run(demo_db, "export", "--format", "json", "--out", str(first)).exit_code == 0
    imported = run(fresh, "import", str(first))
    assert imported.exit_code == 0, imported.output
    assert run(fresh, "export", "--format", "json", "--out", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    again = run(fresh, "import", str(first))
    assert again.exit_code == 0
    with open_notebook(fresh) as a, open_notebook(demo_db) as b:
        assert a.counts() == b.counts()


@pytest.mark.parametrize("content, fragment", [
    (b"\xff\xfe not text", "not UTF-8"),
    (b"{ this is not json", "Not a clerkbook export"),
    (b"[1, 2, 3]", ""),
    (json.dumps({"format": "clerkbook-export", "format_version": 1, "schema": "9999", "rotations": []}).encode(),
     "newer"),
])
def test_bad_import_files_are_refused_in_one_line_and_nothing_is_written(demo_db: Path, tmp_path: Path,
                                                                         content: bytes, fragment: str):
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    with open_notebook(demo_db) as nb:
        before = nb.counts()
    result = run(demo_db, "import", str(source))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and fragment in result.stderr
    with open_notebook(demo_db) as nb:
        assert nb.counts() == before


def test_import_of_a_missing_file_or_a_folder_is_one_line(demo_db: Path, tmp_path: Path):
    for target, fragment in ((tmp_path / "missing.json", "no such file"), (tmp_path, "folder")):
        result = run(demo_db, "import", str(target))
        assert result.exit_code == 1 and fragment in result.stderr and result.stderr.count("\n") == 1
