"""Tests for clerkbook.domain.capture (the fast-capture grammar) and ``clerkbook capture``.

All beds, teachers and clinical details are fictional; patients are beds, never names.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from clerkbook.domain import capture as capture_mod
from clerkbook.domain.capture import Capture, CaptureError, infer_todo_kind, parse_capture, save_capture
from clerkbook.domain.dates import parse_when
from clerkbook.models import TodoKind

NY = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 25, 10, 15, tzinfo=NY)  # a Wednesday morning


def ny(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=NY)


def parse(line: str) -> Capture:
    return parse_capture(line, NOW)


def error(line: str) -> CaptureError:
    with pytest.raises(CaptureError) as info:
        parse_capture(line, NOW)
    assert info.value.line == line
    assert "\n" not in str(info.value) and str(info.value)
    return info.value


# The three examples, field by field -----------------------------------------------------------------------

def test_todo_example() -> None:
    assert parse("t B12: f/u K+ @4pm") == Capture("todo", "f/u K+", patient="B12", todo_kind="lab", due=ny(11, 25, 16))


def test_point_example() -> None:
    assert parse("p #cardio Beta-blockers after MI reduce mortality — Dr K") == Capture(
        "point", "Beta-blockers after MI reduce mortality", topic="cardio", source="Dr K", tags=("cardio",))


def test_question_example() -> None:
    assert parse("q Why spironolactone in HFrEF?") == Capture("question", "Why spironolactone in HFrEF?")


@pytest.mark.parametrize(("line", "described"), [
    ("t B12: f/u K+ @4pm", "To-do (lab) for B12, due 16:00: f/u K+"),
    ("t B12: CT abd @tomorrow 7am", "To-do (imaging) for B12, due tomorrow 07:00: CT abd"),
    ("t call pharmacy @fri noon", "To-do (consult), due Fri 12:00: call pharmacy"),
    ("t renew meds @dec 20 9am", "To-do (task), due 20 Dec 09:00: renew meds"),
    ("t renew meds", "To-do (task): renew meds"),
    ("p* #cardio #renal B12: Spironolactone raises K+ — Dr K",
     "Teaching point (starred; #cardio #renal; from Dr K) for B12: Spironolactone raises K+"),
    ("p Lasix is furosemide", "Teaching point: Lasix is furosemide"),
    ("q 15A: Why no heparin?", "Question for 15A: Why no heparin?"),
])
def test_describe(line: str, described: str) -> None:
    assert parse(line).describe(NOW) == described


def test_describe_without_now_gives_the_full_date() -> None:
    assert parse("t B12: f/u K+ @4pm").describe() == "To-do (lab) for B12, due 2026-11-25 16:00: f/u K+"


# Prefix words -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "kind"), [
    ("t walk", "todo"), ("T walk", "todo"), ("todo walk", "todo"), ("TODO walk", "todo"), ("t: walk", "todo"),
    ("p walk", "point"), ("point walk", "point"), ("tp walk", "point"), ("Point walk", "point"),
    ("q walk", "question"), ("question walk", "question"), ("Q walk", "question"), ("q: walk", "question"),
    ("   t    walk   ", "todo"), ("t\twalk", "todo"),
])
def test_prefix_words(line: str, kind: str) -> None:
    result = parse(line)
    assert (result.kind, result.text) == (kind, "walk")


@pytest.mark.parametrize("line", ["x hello", "", "   ", "hello", "tB12: x", "todos walk", ":", "@4pm", "#cardio x",
                                  "t:x", "pp walk"])
def test_unknown_prefix(line: str) -> None:
    assert str(error(line)).startswith("Start with t (to-do), p (teaching point) or q (question)")


def test_unknown_prefix_names_the_word() -> None:
    assert str(error("x hello")) == "Start with t (to-do), p (teaching point) or q (question), not 'x'."
    assert str(error("")) == "Start with t (to-do), p (teaching point) or q (question)."


# To-do kinds ----------------------------------------------------------------------------------------------

def test_kind_values_match_the_model() -> None:
    assert set(capture_mod.TODO_KINDS) == {k.value for k in TodoKind}


@pytest.mark.parametrize(("line", "kind", "text", "patient"), [
    ("t lab B12: BMP", "lab", "BMP", "B12"),
    ("t LAB B12: BMP", "lab", "BMP", "B12"),
    ("t labs draw at 6", "lab", "draw at 6", None),
    ("t imaging B12: read from overnight", "imaging", "read from overnight", "B12"),
    ("t consult ortho re hip", "consult", "ortho re hip", None),
    ("t task B12: CT abd", "task", "CT abd", "B12"),  # a kind word beats inference
    ("t fu B12: wound check", "follow-up", "wound check", "B12"),
    ("t follow-up wound check", "follow-up", "wound check", None),
    ("t followup wound check", "follow-up", "wound check", None),
    ("t f/u CBC", "lab", "f/u CBC", None),  # "f/u" is not a kind word: it stays in the text
])
def test_kind_words(line: str, kind: str, text: str, patient: str | None) -> None:
    result = parse(line)
    assert (result.todo_kind, result.text, result.patient) == (kind, text, patient)


def test_kind_word_with_due_and_patient() -> None:
    assert parse("t lab B12: BMP @in 2h") == Capture("todo", "BMP", patient="B12", todo_kind="lab",
                                                     due=ny(11, 25, 12, 15))


@pytest.mark.parametrize(("text", "kind"), [
    ("f/u K+", "lab"), ("CBC", "lab"), ("BMP in am", "lab"), ("recheck Mg", "lab"), ("trend trop", "lab"),
    ("repeat lactate", "lab"), ("f/u blood culture", "lab"), ("INR before procedure", "lab"), ("ABG now", "lab"),
    ("f/u labs", "lab"), ("check K+, Mg.", "lab"),
    ("CT abd", "imaging"), ("MRI brain", "imaging"), ("XR L wrist", "imaging"), ("CXR", "imaging"),
    ("RUQ US", "imaging"), ("echo", "imaging"), ("KUB", "imaging"), ("f/u CT read", "imaging"),
    ("consult GI", "consult"), ("call cards", "consult"), ("page surgery re drain", "consult"),
    ("call radiology re CT", "consult"), ("CT then call surgery", "imaging"),
    ("f/u path", "follow-up"), ("follow up wound check", "follow-up"), ("fu with family", "follow-up"),
    ("walk with PT", "task"), ("tell us results", "task"), ("discharge summary", "task"), ("", "task"),
])
def test_kind_inference(text: str, kind: str) -> None:
    assert infer_todo_kind(text) == kind
    if text:
        assert parse(f"t {text}").todo_kind == kind


def test_kinds_are_only_for_todos() -> None:
    assert parse("p CBC shows anemia").todo_kind is None
    assert parse("q why CT?").todo_kind is None


# Patient prefix -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "patient", "text"), [
    ("t B12: x", "B12", "x"),
    ("t 12B: x", "12B", "x"),
    ("t Bed 4: x", "Bed 4", "x"),
    ("t 15A: x", "15A", "x"),
    ("t ICU-3: x", "ICU-3", "x"),
    ("t b12: x", "b12", "x"),  # as typed; the store matches beds without regard to case
    ("t B12 : x", "B12", "x"),
    ("t B12:x", "B12", "x"),
    ("t Bed   4:   x", "Bed 4", "x"),
    ("t B12: note: call pharmacy", "B12", "note: call pharmacy"),  # only the first colon
    ("t Note: call pharmacy", None, "Note: call pharmacy"),  # no digit
    ("t call at 10:30 re meds", None, "call at 10:30 re meds"),  # 3 words
    ("t 10:30 give meds", None, "10:30 give meds"),  # a clock time, not bed 10
    ("t Rm 4 west: x", None, "Rm 4 west: x"),  # 3 words
    ("t Bed 4000000000: x", None, "Bed 4000000000: x"),  # longer than 12 characters
    ("t K+ 3.2: replete", None, "K+ 3.2: replete"),  # not bed characters
    ("t Day 2: remove drain", None, "Day 2: remove drain"),  # a counter, not a bed
    ("t POD 3: ambulate", None, "POD 3: ambulate"),
    ("t : x", None, ": x"),
    ("q B12: Why no heparin?", "B12", "Why no heparin?"),
    ("p B12: Spironolactone raises K+", "B12", "Spironolactone raises K+"),
])
def test_patient_prefix(line: str, patient: str | None, text: str) -> None:
    result = parse(line)
    assert (result.patient, result.text) == (patient, text)


# Due times ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "due", "text"), [
    ("t B12: f/u K+ @4pm", ny(11, 25, 16), "f/u K+"),
    ("t B12: CT abd @tomorrow 7am", ny(11, 26, 7), "CT abd"),
    ("t B12: CT abd @Tomorrow 7AM", ny(11, 26, 7), "CT abd"),
    ("t B12: BMP @in 2h", ny(11, 25, 12, 15), "BMP"),
    ("t B12: BMP @ 4pm", ny(11, 25, 16), "BMP"),
    ("t B12: recheck @mon 8am", ny(11, 30, 8), "recheck"),
    ("t B12: f/u @16:00", ny(11, 25, 16), "f/u"),
    ("t B12: ask re @4pm dose @5pm", ny(11, 25, 17), "ask re @4pm dose"),  # only the last ' @'
    ("t email sent to x@example.test", None, "email sent to x@example.test"),  # '@' inside a word
    ("t B12: f/u K+", None, "f/u K+"),
])
def test_due(line: str, due: dt.datetime | None, text: str) -> None:
    result = parse(line)
    assert (result.due, result.text) == (due, text)
    assert result.due is None or result.due.tzinfo is not None


def test_bad_due_names_what_was_not_understood() -> None:
    err = error("t B12: x @tomorow")
    assert str(err).startswith("Due time: ") and "'tomorow'" in str(err)
    assert "'with'" in str(error("t B12: x @4pm with resident"))


@pytest.mark.parametrize("line", ["t B12: x @", "t x @ "])
def test_empty_due(line: str) -> None:
    assert "nothing after '@'" in str(error(line))


def test_at_in_points_and_questions_is_text() -> None:
    assert parse("p Give @ bedtime").text == "Give @ bedtime"
    assert parse("q ask @attending").text == "ask @attending"


# Empty text -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "what"), [
    ("t", "To-do text is empty"), ("t B12:", "To-do text is empty"), ("t B12: @4pm", "To-do text is empty"),
    ("t lab", "To-do text is empty"), ("t lab B12:", "To-do text is empty"), ("todo   ", "To-do text is empty"),
    ("p", "Teaching point is empty"), ("p #cardio", "Teaching point is empty"), ("p*", "Teaching point is empty"),
    ("p #cardio — Dr K", "Teaching point is empty"), ("p B12: #cardio", "Teaching point is empty"),
    ("q", "Question is empty"), ("q B12:", "Question is empty"),
])
def test_empty_text(line: str, what: str) -> None:
    assert str(error(line)).startswith(what)


def test_control_characters_are_refused_but_line_breaks_are_spaces() -> None:
    assert "control characters" in str(error("t x\x1b[31m red"))
    assert "control characters" in str(error("q why\x00"))
    assert parse("t B12:\r\nf/u\tK+\n").text == "f/u K+"


def test_non_str_is_a_capture_error() -> None:
    with pytest.raises(CaptureError):
        parse_capture(None, NOW)  # type: ignore[arg-type]


# Teaching points: star, tags, source ----------------------------------------------------------------------

@pytest.mark.parametrize(("line", "starred"), [
    ("p* Lasix is furosemide", True), ("P* Lasix is furosemide", True), ("point* Lasix is furosemide", True),
    ("tp* Lasix is furosemide", True), ("* Lasix is furosemide", True), ("p * Lasix is furosemide", True),
    ("p Lasix is furosemide", False),
])
def test_star(line: str, starred: bool) -> None:
    result = parse(line)
    assert (result.kind, result.starred, result.text) == ("point", starred, "Lasix is furosemide")


def test_star_inside_text_is_text() -> None:
    assert parse("p *really* important").text == "*really* important"
    assert not parse("p *really* important").starred


@pytest.mark.parametrize(("line", "tags", "text"), [
    ("p #cardio Beta-blockers after MI", ("cardio",), "Beta-blockers after MI"),
    ("p Beta-blockers #cardio after MI", ("cardio",), "Beta-blockers after MI"),
    ("p Beta-blockers after MI #Cardio #HF.", ("cardio", "hf"), "Beta-blockers after MI"),
    ("p #renal #cardio #renal Spironolactone", ("renal", "cardio"), "Spironolactone"),
    ("p Check #2 drain output", (), "Check #2 drain output"),  # a tag starts with a letter
    ("p see C#minor and K#", (), "see C#minor and K#"),  # '#' inside a word
    ("p #heme-onc Tumor lysis", ("heme-onc",), "Tumor lysis"),
    ("p #cardio B12: Loop diuretics", ("cardio",), "Loop diuretics"),
])
def test_tags(line: str, tags: tuple[str, ...], text: str) -> None:
    result = parse(line)
    assert (result.tags, result.topic, result.text) == (tags, tags[0] if tags else "", text)


def test_hash_in_todos_and_questions_is_text() -> None:
    assert parse("t B12: check #2 drain").text == "check #2 drain"
    assert parse("q why #cardio?").text == "why #cardio?"


@pytest.mark.parametrize(("line", "source", "text"), [
    ("p Lasix is furosemide — Dr K", "Dr K", "Lasix is furosemide"),
    ("p Lasix is furosemide – Dr K", "Dr K", "Lasix is furosemide"),  # en dash
    ("p Lasix is furosemide -- Dr K", "Dr K", "Lasix is furosemide"),
    ("p Lasix is furosemide - Dr K", "Dr K", "Lasix is furosemide"),
    ("p Lasix is furosemide - resident", "resident", "Lasix is furosemide"),
    ("p Lasix is furosemide — chief resident on rounds", "chief resident on rounds", "Lasix is furosemide"),
    ("p A — B — Dr K", "Dr K", "A — B"),  # only the last dash
    ("p Lasix — Dr K #renal", "Dr K", "Lasix"),  # tags come out first
    # A hyphen inside a word never splits.
    ("p Beta-blocker after MI", "", "Beta-blocker after MI"),
    ("p Beta-blockers after MI reduce mortality—Dr K", "", "Beta-blockers after MI reduce mortality—Dr K"),
    # A bare " - " needs a tail that reads like an attribution: "replete" is lower case and no role word,
    # and "2 amps" has a digit, so both stay part of the point.
    ("p K+ 3.2 - replete", "", "K+ 3.2 - replete"),
    ("p Low Mg - give 2 amps", "", "Low Mg - give 2 amps"),
    ("p Na 128 - fluid restrict then recheck in the morning", "", "Na 128 - fluid restrict then recheck in the morning"),
    # Longer than 40 characters: part of the text, even after an em dash.
    ("p Lasix — this is far too long to be the name of whoever taught it",
     "", "Lasix — this is far too long to be the name of whoever taught it"),
])
def test_source(line: str, source: str, text: str) -> None:
    result = parse(line)
    assert (result.source, result.text) == (source, text)


def test_source_at_the_limit() -> None:
    name = "x" * 40
    assert parse(f"p Lasix — {name}").source == name
    assert parse(f"p Lasix — {name}x").source == ""


def test_source_is_only_for_points() -> None:
    assert parse("t B12: K+ 3.2 — replete").text == "K+ 3.2 — replete"
    assert parse("q Why — Dr K").text == "Why — Dr K"


def test_point_with_everything() -> None:
    assert parse("p* #cardio B12: Spironolactone raises K+ — Dr K #renal") == Capture(
        "point", "Spironolactone raises K+", patient="B12", topic="cardio", source="Dr K",
        tags=("cardio", "renal"), starred=True)


def test_pathological_lines_stay_fast() -> None:
    # Long pastes must not hang the capture line: every step is linear in the line's length.
    lines = ["t a" + "!" * 200_000 + "a", "p " + " #a" * 50_000, "p x" + " - " * 50_000 + "Dr",
             "t " + "B1:" * 50_000, "q " + "@" * 100_000]
    started = time.perf_counter()
    for line in lines:
        try:
            parse_capture(line, NOW)
        except CaptureError:
            pass
    assert time.perf_counter() - started < 5


def test_domain_module_imports_no_ui_database_or_cli_library() -> None:
    code = ("import json, sys, clerkbook.domain.capture; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                           check=True).stdout))
    assert not loaded & {"textual", "sqlalchemy", "sqlmodel", "click", "alembic"}


# Property tests -------------------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "t", "p", "q", "todo", "p*", "*", "lab", "fu", "B12", "B12:", "Bed 4:", ":", "@", " @", "@4pm", "@tomorow",
    "#cardio", "#", "—", " — ", " - ", "--", "-", "f/u", "K+", "CT", "10:30", "\n", "\t", "\x00", "\x1b", "é", "·",
    "in 2h", "99999999999h", "@in -2h", "2026-02-30", "12/03", " ", "  ",
])


@settings(max_examples=500)
@given(st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=12).map("".join)))
def test_any_text_raises_only_capture_error(line: str) -> None:
    try:
        result = parse_capture(line, NOW)
    except CaptureError as err:
        assert err.line == line
        assert "\n" not in str(err) and "\r" not in str(err)
        return
    assert result.text and result.text == result.text.strip()
    assert "\n" not in result.describe(NOW)
    assert result.kind in ("todo", "point", "question")
    assert (result.todo_kind in capture_mod.TODO_KINDS) == (result.kind == "todo")


_BEDS = st.from_regex(r"\A(?:[A-Z]{1,3}-?[0-9]{1,3}[A-Z]?|[0-9]{1,3}[A-Z]|Bed [0-9]{1,2})\Z")
_WORDS = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789+/.,#?-", min_size=1, max_size=8),
                  min_size=1, max_size=6).map(" ".join)
_PHRASES = st.sampled_from(["4pm", "tomorrow 7am", "in 2h", "mon 8am", "noon", "16:00", "fri noon", "in 1h 30m",
                            "today", "dec 3"])


@settings(max_examples=300)
@given(bed=_BEDS, words=_WORDS, phrase=_PHRASES)
def test_generated_todo_lines_round_trip(bed: str, words: str, phrase: str) -> None:
    result = parse_capture(f"t {bed}: {words} @{phrase}", NOW)
    assert (result.kind, result.patient, result.text) == ("todo", bed, words)
    assert result.due == parse_when(phrase, NOW)
    assert result.todo_kind == infer_todo_kind(words)


@settings(max_examples=200)
@given(bed=_BEDS, words=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz+/.,?", min_size=1, max_size=8),
                                 min_size=1, max_size=6).map(" ".join))
def test_generated_questions_and_points_round_trip(bed: str, words: str) -> None:
    assert parse_capture(f"q {bed}: {words}", NOW) == Capture("question", words, patient=bed)
    point = parse_capture(f"p* #topic {bed}: {words} — Dr K", NOW)
    assert (point.patient, point.text, point.source, point.tags, point.starred) == (
        bed, words, "Dr K", ("topic",), True)


# Saving ---------------------------------------------------------------------------------------------------

@pytest.fixture
def surgery(db_path: Path):
    from clerkbook.store import open_notebook

    with open_notebook(db_path) as nb:
        nb.add_rotation("Surgery", site="Lakeside Medical Center", start=dt.date(2026, 11, 9))
        yield nb


def test_save_todo_creates_the_patient(surgery) -> None:
    assert surgery.find_patient("B12") is None
    todo = save_capture(surgery, parse("t B12: f/u K+ @4pm"))
    patient = surgery.find_patient("B12")
    assert patient is not None and patient.bed == "B12"
    stored = surgery.get_todo(todo.id)
    assert (stored.text, stored.kind, stored.patient_id) == ("f/u K+", TodoKind.LAB, patient.id)
    assert stored.due_at == ny(11, 25, 16)
    # The same bed again reuses the patient, whatever the case.
    again = save_capture(surgery, parse("t b12: CT abd"))
    assert again.patient_id == patient.id and len(surgery.list_patients()) == 1
    assert again.kind == TodoKind.IMAGING and again.due_at is None


def test_save_todo_without_patient(surgery) -> None:
    todo = save_capture(surgery, parse("t renew badge"))
    assert (todo.patient_id, todo.kind, todo.text) == (None, TodoKind.TASK, "renew badge")
    assert surgery.list_patients() == []


def test_save_point(surgery) -> None:
    point = save_capture(surgery, parse("p* #cardio #renal Bed 4: Spironolactone raises K+ — Dr K"))
    stored = surgery.get_point(point.id)
    assert (stored.text, stored.topic, stored.source, stored.starred) == (
        "Spironolactone raises K+", "cardio", "Dr K", True)
    assert surgery.tags_for("teaching_point", point.id) == ["cardio", "renal"]
    assert surgery.get_patient(stored.patient_id).bed == "Bed 4"


def test_save_question(surgery) -> None:
    question = save_capture(surgery, parse("q ICU-3: Why spironolactone in HFrEF?"))
    stored = surgery.get_question(question.id)
    assert stored.text == "Why spironolactone in HFrEF?"
    assert surgery.get_patient(stored.patient_id).bed == "ICU-3"
    plain = save_capture(surgery, parse("q Why no heparin?"))
    assert plain.patient_id is None


def test_save_without_a_rotation_writes_nothing(notebook) -> None:
    from clerkbook.store import NoCurrentRotation

    with pytest.raises(NoCurrentRotation):
        save_capture(notebook, parse("t B12: f/u K+"))
    assert notebook.counts()["todos"] == 0


# Command line ---------------------------------------------------------------------------------------------

@pytest.fixture
def cli_db(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from clerkbook.domain import clock
    from clerkbook.store import open_notebook

    monkeypatch.setattr(clock, "local_now", lambda: NOW)
    with open_notebook(db_path) as nb:
        nb.add_rotation("Surgery", site="Lakeside Medical Center", start=dt.date(2026, 11, 9))
    return db_path


def invoke(db: Path, *words: str):
    from clerkbook.cli import cli

    return CliRunner().invoke(cli, ["--db", str(db), "capture", *words])


def test_cli_saves_a_todo(cli_db: Path) -> None:
    from clerkbook.store import open_notebook

    result = invoke(cli_db, "t", "B12:", "f/u", "K+", "@4pm")
    assert (result.exit_code, result.exception) == (0, None), result.output
    assert result.stdout == "Saved: To-do (lab) for B12, due 16:00: f/u K+\n"
    with open_notebook(cli_db) as nb:
        (todo,) = nb.list_todos()
        assert (todo.text, todo.kind, todo.due_at) == ("f/u K+", TodoKind.LAB, ny(11, 25, 16))
        assert nb.get_patient(todo.patient_id).bed == "B12"


def test_cli_keeps_dashes_and_takes_one_quoted_line(cli_db: Path) -> None:
    from clerkbook.store import open_notebook

    result = invoke(cli_db, "p*", "#cardio", "Beta-blockers", "after", "MI", "--", "Dr", "K")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Saved: Teaching point (starred; #cardio; from Dr K): Beta-blockers after MI\n"
    assert invoke(cli_db, "q Why spironolactone in HFrEF?").stdout == "Saved: Question: Why spironolactone in HFrEF?\n"
    with open_notebook(cli_db) as nb:
        assert nb.counts()["points"] == 1 and nb.counts()["questions"] == 1


@pytest.mark.parametrize(("words", "fragment"), [
    (("t", "B12:", "x", "@tomorow"), "tomorow"),
    (("x", "hello"), "Start with t"),
    (("t", "B12:"), "To-do text is empty"),
    (("p", "#cardio"), "Teaching point is empty"),
])
def test_cli_bad_line(cli_db: Path, words: tuple[str, ...], fragment: str) -> None:
    from clerkbook.store import open_notebook

    with open_notebook(cli_db) as nb:
        before = nb.counts()
    result = invoke(cli_db, *words)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("clerkbook: ") and result.stderr.count("\n") == 1
    assert fragment in result.stderr and "Traceback" not in result.stderr
    with open_notebook(cli_db) as nb:
        assert nb.counts() == before


def test_cli_bad_line_does_not_create_the_notebook(db_path: Path) -> None:
    result = invoke(db_path, "t", "B12:", "x", "@tomorow")
    assert result.exit_code == 1 and not db_path.exists()


def test_cli_without_rotation_is_one_line(db_path: Path) -> None:
    result = invoke(db_path, "t", "B12:", "f/u", "K+")
    assert result.exit_code == 1 and result.stderr.startswith("clerkbook: No rotation yet")


def test_cli_help(db_path: Path) -> None:
    result = invoke(db_path, "--help")
    assert result.exit_code == 0 and not db_path.exists()
    for example in ("t B12: f/u K+ @4pm", "p #cardio", "q Why spironolactone in HFrEF?"):
        assert example in result.stdout
