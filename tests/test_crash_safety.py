"""Never lose a word: the real app, in a real pseudo-terminal, killed with SIGKILL at awkward moments.

Each test starts ``python -m clerkbook --db FILE`` on a pseudo-terminal, types like a person, and kills
it with SIGKILL: mid-typing, right after a save, while revisions are being written, during an export.
Whatever was typed more than the autosave delay (one second) before the kill must be in the file, and
the file must pass ``PRAGMA integrity_check`` and open again every time.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from clerkbook.store import open_notebook
from clerkbook.store.drafts import CAPTURE_DRAFT

pty = pytest.importorskip("pty")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

ROOT = Path(__file__).resolve().parents[1]
AUTOSAVE = 1.0  # the app's autosave delay
MARGIN = 0.8  # on top of it: the write itself, on a busy CI machine
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[PX^_].*?\x1b\\|\x1b[@-Z\\-_]")
CTRL_N, CTRL_S, ENTER = "\x0e", "\x13", "\r"


class Terminal:
    """The real app on a pseudo-terminal: keys in, screen text out, SIGKILL at will."""

    def __init__(self, db: Path, cols: int = 120, rows: int = 40) -> None:
        import struct

        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        home = db.parent / "home"
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows),
               "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
        env.pop("TEXTUAL", None)
        self.process = subprocess.Popen([sys.executable, "-m", "clerkbook", "--db", str(db)], stdin=slave,
                                        stdout=slave, stderr=slave, env=env, cwd=db.parent,
                                        start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self._raw = bytearray()
        self._lock = threading.Lock()
        # Drained all the time: a full pty buffer would stop the app mid-frame.
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._raw.extend(chunk)

    def mark(self) -> int:
        """A point in the output: :meth:`wait_for` can look only at what was drawn after it."""
        with self._lock:
            return len(self._raw)

    def text(self, since: int = 0) -> str:
        """What was drawn (since ``since``), escape sequences removed."""
        with self._lock:
            raw = bytes(self._raw[since:])
        return ANSI.sub("", raw.decode("utf-8", "replace"))

    def wait_for(self, text: str, since: int = 0, timeout: float = 20.0) -> None:
        """Wait until ``text`` is drawn; fail with the screen's text if it never is."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.text(since):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"never drawn: {text!r}\n--- output ---\n{self.text(since)[-2000:]}")

    def keys(self, data: str) -> None:
        """Send keys as a terminal would."""
        os.write(self.master, data.encode())

    def type(self, text: str, gap: float = 0.01) -> None:
        """Type ``text`` a key at a time, like a (fast) person."""
        for char in text:
            self.keys(char)
            time.sleep(gap)

    def kill9(self) -> None:
        """SIGKILL the app: no exit handler, no flush, nothing runs."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        try:
            os.close(self.master)
        except OSError:
            pass
        self._reader.join(timeout=2)


@pytest.fixture
def terminals():
    try:
        for fd in os.openpty():
            os.close(fd)
    except OSError as exc:  # no pseudo-terminals here (a locked-down container)
        pytest.skip(f"no pseudo-terminal: {exc}")
    started: list[Terminal] = []

    def start(db: Path) -> Terminal:
        terminal = Terminal(db)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.kill9()


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "crash.db"
    with open_notebook(path) as nb:
        nb.add_rotation("Medicine", site="Lakeside Medical Center", start=date(2026, 11, 2))
        patient = nb.add_patient("B12", "67M", "CHF exacerbation")
        nb.create_note("soap", patient_id=patient.id, title="Crash note")
    return path


def check_file(path: Path) -> None:
    """The file is sound and opens as a notebook."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    with open_notebook(path) as nb:
        assert nb.counts()["notes"] >= 1
        for note in nb.list_notes():
            for revision in nb.list_note_revisions(note.id):
                json.loads(revision.content)


def subjective(path: Path) -> str:
    with open_notebook(path) as nb:
        return nb.list_notes()[0].subjective


def open_the_note(app: Terminal) -> None:
    app.wait_for("Crash note")
    mark = app.mark()
    app.keys("3")  # the notes pane
    time.sleep(0.2)
    app.keys(ENTER)
    app.wait_for("Subjective", since=mark)
    time.sleep(0.3)  # the text area takes focus once the note is on screen


def wait_for_file(condition, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("the file never showed it")


# The note editor --------------------------------------------------------------------------------


def test_kill_mid_typing_keeps_what_was_typed_a_second_before(db, terminals):
    app = terminals(db)
    open_the_note(app)
    app.type("Afebrile overnight.")
    time.sleep(AUTOSAVE + MARGIN)
    app.type(" Still typ", gap=0.03)  # the kill lands mid-word
    app.kill9()
    check_file(db)
    assert subjective(db).startswith("Afebrile overnight.")

    # The app opens the file again and shows the text; the next words are kept the same way.
    app = terminals(db)
    open_the_note(app)
    app.wait_for("Afebrile overnight.")
    app.type(" Day two: walking.")
    time.sleep(AUTOSAVE + MARGIN)
    app.kill9()
    check_file(db)
    assert "Afebrile overnight." in subjective(db) and subjective(db).endswith(" Day two: walking.")


def test_kill_right_after_a_save(db, terminals):
    app = terminals(db)
    open_the_note(app)
    app.type("Saved by hand.")
    app.keys(CTRL_S)
    wait_for_file(lambda: subjective(db) == "Saved by hand.")
    app.kill9()
    check_file(db)
    assert subjective(db) == "Saved by hand."


def test_kills_while_revisions_are_written(db, terminals):
    rng = random.Random(6)
    for _cycle in range(2):
        app = terminals(db)
        open_the_note(app)
        typed: list[tuple[float, str]] = []  # (when the word and its ctrl+s were sent, the text so far)
        before = subjective(db)
        text = before
        end = time.monotonic() + AUTOSAVE + MARGIN + rng.uniform(0.2, 1.2)
        while time.monotonic() < end:
            word = f" w{len(typed)}"
            app.type(word, gap=0.005)
            app.keys(CTRL_S)  # a save, and a revision, per word
            text += word
            typed.append((time.monotonic(), text))
            time.sleep(rng.uniform(0.0, 0.12))
        app.kill9()
        killed = time.monotonic()
        check_file(db)
        stored = subjective(db)
        assert text.startswith(stored)  # nothing garbled or out of order
        safe = [t for when, t in typed if killed - when >= AUTOSAVE]
        if safe:
            assert stored.startswith(safe[-1]), (stored, safe[-1])
        with open_notebook(db) as nb:
            assert nb.list_note_revisions(nb.list_notes()[0].id)


def test_kills_in_a_tight_loop_of_saves_never_damage_the_file(db):
    """The store alone, killed at random moments of a loop of saves (each files a revision)."""
    with open_notebook(db) as nb:
        note_id = nb.list_notes()[0].id
    script = textwrap.dedent(f"""
        from clerkbook.store import open_notebook
        with open_notebook({str(db)!r}) as nb:
            for n in range(100000):
                nb.save_note({note_id}, sections={{"plan": f"plan v{{n}} " + "x" * (n % 200)}})
                print(n, flush=True)
    """)
    rng = random.Random(42)
    for _kill in range(6):
        process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                                   cwd=db.parent, env={**os.environ, "PYTHONPATH": str(ROOT)})
        first = process.stdout.readline()  # running: the first save is in
        assert first.strip().isdigit()
        time.sleep(rng.uniform(0.0, 0.3))
        process.kill()
        out = first + process.stdout.read()
        process.wait()
        last = int(out.split()[-1])
        check_file(db)
        with open_notebook(db) as nb:
            plan = nb.get_note(note_id).plan
        # The last save reported is in; at most one more (committed, killed before it printed).
        assert plan.split()[1] in (f"v{last}", f"v{last + 1}")


# Exports ----------------------------------------------------------------------------------------


def test_kill_during_an_export_leaves_the_notebook_whole_and_no_half_export(tmp_path):
    path = tmp_path / "big.db"
    done = subprocess.run([sys.executable, "-m", "clerkbook", "--db", str(path), "demo"], cwd=tmp_path,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    with open_notebook(path) as nb, nb.batch():
        for n in range(1500):
            nb.add_point(f"Teaching point {n}: loop diuretics act on the thick ascending limb.", topic="renal")
    with open_notebook(path) as nb:
        counts = nb.counts()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def export(fmt: str, out: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "clerkbook", "--db", str(path), "export", "--format", fmt,
                                 "--out", str(out), "--allow-phi"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env)

    rng = random.Random(7)
    cut_short = 0
    for fmt, out in (("json", tmp_path / "export.json"), ("md", tmp_path / "export-md"),
                     ("html", tmp_path / "export.html")):
        started = time.monotonic()
        assert export(fmt, tmp_path / f"timing-{fmt}").wait(timeout=60) == 0
        takes = time.monotonic() - started
        for fraction in (rng.uniform(0.5, 0.95), None):
            staged = set(tmp_path.glob(f".{out.name}.*"))
            process = export(fmt, out)
            if fraction is not None:
                time.sleep(takes * fraction)  # late in the run: reading done, rendering or writing under way
            else:
                # The moment the export starts writing beside its final name.
                while process.poll() is None and set(tmp_path.glob(f".{out.name}.*")) == staged:
                    time.sleep(0.001)
            process.kill()
            process.wait()
            check_file(path)
            with open_notebook(path) as nb:
                assert nb.counts() == counts
            if not out.exists():
                cut_short += 1
                continue
            # Finished before the kill: then it is whole.
            if fmt == "json":
                assert len(json.loads(out.read_text())["teaching_points"]) >= 1500
            elif fmt == "md":
                whole = sorted(p.name for p in (tmp_path / "timing-md").iterdir())
                assert sorted(p.name for p in out.iterdir()) == whole
            else:
                assert out.read_text().rstrip().endswith("</html>")
            out.unlink() if out.is_file() else shutil.rmtree(out)
    assert cut_short >= 2  # kills really landed mid-export


# The capture line -------------------------------------------------------------------------------


def test_capture_line_survives_a_kill_and_is_offered_back(db, terminals):
    app = terminals(db)
    app.wait_for("Crash note")
    app.keys(CTRL_N)
    time.sleep(0.3)
    app.type("q why is the anion gap normal in RTA")
    time.sleep(AUTOSAVE + MARGIN)
    app.type(" type", gap=0.03)
    app.kill9()
    check_file(db)
    with open_notebook(db) as nb:
        assert nb.get_draft(CAPTURE_DRAFT).startswith("q why is the anion gap normal in RTA")

    app = terminals(db)
    app.wait_for("Crash note")
    mark = app.mark()
    app.keys(CTRL_N)
    app.wait_for("restored unsent text", since=mark)
    app.type("?")
    app.keys(ENTER)

    def saved() -> bool:
        with open_notebook(db) as nb:
            return bool(nb.list_questions()) and nb.get_draft(CAPTURE_DRAFT) == ""

    wait_for_file(saved)
    app.kill9()
    check_file(db)
    with open_notebook(db) as nb:
        assert [q.text for q in nb.list_questions()][0].startswith("why is the anion gap normal in RTA")


# Two windows ------------------------------------------------------------------------------------


def test_two_apps_on_one_note_keep_both_texts(db, terminals):
    first, second = terminals(db), terminals(db)
    open_the_note(first)
    open_the_note(second)
    # Both type before either save lands (live refresh would otherwise show the first text in the second
    # window before it is touched, and there would be nothing to reconcile).
    marks = first.mark(), second.mark()
    first.type("Written in the first window.")
    second.type("Written in the second window.")
    notice = "Another window changed this note"
    end = time.monotonic() + AUTOSAVE + 15
    while time.monotonic() < end and not any(notice in app.text(since=mark)
                                              for app, mark in zip((first, second), marks)):
        time.sleep(0.1)
    assert any(notice in app.text(since=mark) for app, mark in zip((first, second), marks))
    first.kill9()
    second.kill9()
    check_file(db)
    texts = {"Written in the first window.", "Written in the second window."}
    with open_notebook(db) as nb:
        kept = [json.loads(r.content)["subjective"]
                for r in nb.list_note_revisions(nb.list_notes()[0].id) if r.reason == "conflict"]
    # The later save is the note's text; the earlier one is kept as a revision. Neither is lost.
    assert subjective(db) in texts and kept == list(texts - {subjective(db)})


def test_a_terminal_that_vanishes_without_a_hangup_signal_ends_the_app_with_its_text_saved(db, terminals):
    # The pseudo-terminal is not the app's controlling terminal, so closing it sends no SIGHUP: the app must
    # notice by itself, write what the editor holds (typed well inside the autosave delay) and end.
    app = terminals(db)
    open_the_note(app)
    app.type("Typed just before the terminal went away.")
    os.close(app.master)
    assert app.process.wait(timeout=20) is not None
    check_file(db)
    assert subjective(db) == "Typed just before the terminal went away."
