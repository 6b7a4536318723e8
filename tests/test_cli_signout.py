"""``clerkbook signout``: the sheet shown, set up, and written as a page behind the PHI guard (exit 3)."""

from __future__ import annotations

import stat
from pathlib import Path

from clerkbook.store import Notebook, open_notebook
from tests.test_cli import assert_ok, assert_usage_error, assert_user_error, run


def ward(nb: Notebook) -> None:
    b12 = nb.add_patient("B12", "67M", "CHF exacerbation")
    nb.add_patient("B7", "54F", "POD1 lap chole")
    nb.add_todo("f/u K+ after repletion", patient_id=b12.id)


def test_shown_and_fields_set_from_the_command_line(db_path: Path, rotation_nb: Notebook) -> None:
    ward(rotation_nb)
    set_up = run(db_path, "signout", "-p", "b12", "--severity", "watcher", "--contingency", "If SBP < 90: bolus")
    assert_ok(set_up)
    lines = set_up.output.splitlines()
    assert lines[0].startswith("Sign-out · Internal Medicine @ Riverside General · ")
    assert lines[2] == "B12 — WATCHER" and "  Situation awareness: If SBP < 90: bolus" in lines
    assert "    [ ] f/u K+ after repletion" in lines and "B7" not in set_up.output
    everyone = run(db_path, "signout")
    assert everyone.output.index("B12 — WATCHER") < everyone.output.index("B7 — STABLE")
    with open_notebook(db_path) as nb:
        assert nb.get_signout(nb.find_patient("B12").id).contingency == "If SBP < 90: bolus"


def test_the_page_is_written_privately(db_path: Path, rotation_nb: Notebook, tmp_path: Path) -> None:
    ward(rotation_nb)
    out = tmp_path / "signout.html"
    result = run(db_path, "signout", "--out", str(out))
    assert_ok(result)
    assert result.output == f"Wrote the sign-out sheet (2 patients) to {out}.\n"
    page = out.read_text()
    assert "<th>Synthesis by receiver</th>" in page and "CHF exacerbation" in page
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert_user_error(run(db_path, "signout", "--out", str(out)), "already exists", "--force")
    assert_ok(run(db_path, "signout", "--out", str(out), "--force"))


def test_the_guard_blocks_with_exit_3_then_redacts_or_allows(db_path: Path, rotation_nb: Notebook,
                                                            tmp_path: Path) -> None:
    ward(rotation_nb)
    rotation_nb.set_signout(rotation_nb.find_patient("B12").id, contingency="Call daughter at 617-555-0142 if worse")
    out = tmp_path / "signout.html"
    blocked = run(db_path, "signout", "--out", str(out))
    assert blocked.exit_code == 3 and not out.exists()
    assert '  Bed B12 · contingencies: PHONE "617-555-0142"' in blocked.stderr
    assert blocked.stderr.splitlines()[-1].startswith("clerkbook: Sign-out sheet stopped: the PHI guard found 1 ")
    redacted = run(db_path, "signout", "--out", str(out), "--redact")
    assert_ok(redacted)
    assert "Redacted 1 possible identifiers (1 PHONE)." in redacted.output
    assert "617-555-0142" not in out.read_text() and "[PHONE]" in out.read_text()
    allowed = run(db_path, "signout", "--out", str(out), "--allow-phi", "--force")
    assert_ok(allowed)
    assert "617-555-0142" in out.read_text() and "Keep this page private" in allowed.stderr


def test_mistakes_are_one_line(db_path: Path, rotation_nb: Notebook, tmp_path: Path) -> None:
    ward(rotation_nb)
    out = str(tmp_path / "s.html")
    assert_user_error(run(db_path, "signout", "--out", out, "--redact", "--allow-phi"), "Choose one")
    assert_user_error(run(db_path, "signout", "--severity", "watcher"), "need --patient")
    assert_user_error(run(db_path, "signout", "--redact"), "go with --out")
    assert_user_error(run(db_path, "signout", "-p", "B99"), "no active patient in bed 'B99'")
    assert_user_error(run(db_path, "signout", "--out", str(tmp_path / "nowhere" / "s.html")), "does not exist")
    assert_usage_error(run(db_path, "signout", "-p", "B12", "--severity", "critical"))
