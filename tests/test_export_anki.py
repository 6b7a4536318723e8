"""The Anki deck: one note per teaching point and answered question, stable ids, prompts that ask something."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from export_sample import IM, SURG, open_collection, sample_document, uid

from clerkbook.domain.demo import fill_demo
from clerkbook.domain.export.anki import ExportUnavailable, anki_tag, deck_id, point_front, render_anki, unique_front
from clerkbook.store import open_notebook

IM_NAME, SURG_NAME = "Internal Medicine @ Riverside General", "Surgery @ Lakeside Community Hospital"

def test_anki_has_one_note_per_point_and_answered_question(tmp_path: Path) -> None:
    import genanki

    doc = sample_document()
    doc["teaching_points"][0]["tags"] = ["cardio", "heart failure"]
    data = render_anki(doc)["clerkbook.apkg"]
    conn = open_collection(data, tmp_path)
    rows = {guid: (flds.split("\x1f"), tags.split()) for guid, flds, tags in
            conn.execute("SELECT guid, flds, tags FROM notes")}
    expected = {genanki.guid_for(uid(k)) for k in ("tp:diuresis", "tp:gdmt", "tp:present", "tp:alvarado",
                                                    "q:mra", "q:abx")}
    assert set(rows) == expected  # the open question has no card
    fields, tags = rows[genanki.guid_for(uid("tp:diuresis"))]
    assert fields[0] == "IV loop dose about 1-2.5× the home oral dose" and "<strong>1-2.5×</strong>" in fields[1]
    assert fields[2:] == ["Attending rounds", f"Heart failure · {IM_NAME}"]
    assert sorted(tags) == ["cardio", "heart_failure", "internal-medicine-riverside-general"]
    fields, tags = rows[genanki.guid_for(uid("tp:present"))]
    assert fields[0] == "Commit to an assessment…"  # one short sentence: the front must not give it away
    assert "Commit to an assessment out loud when presenting." in fields[1]
    fields, tags = rows[genanki.guid_for(uid("q:abx"))]
    assert fields[0] == "Do antibiotics alone work for uncomplicated appendicitis?"
    assert "1 in 4 recur" in fields[1] and sorted(tags) == ["interview", "surgery-lakeside-community-hospital"]
    decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
    names = {d["name"]: int(i) for i, d in decks.items()}
    assert names[f"clerkbook::{IM_NAME}"] == deck_id(IM) and names[f"clerkbook::{SURG_NAME}"] == deck_id(SURG)
    per_deck = dict(conn.execute("SELECT did, count(*) FROM cards GROUP BY did").fetchall())
    assert per_deck == {deck_id(IM): 4, deck_id(SURG): 2}
    models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
    assert {m["name"] for m in models.values()} == {"clerkbook teaching point", "clerkbook question"}
    conn.close()


def test_anki_export_is_byte_for_byte_repeatable() -> None:
    assert render_anki(sample_document()) == render_anki(sample_document())
    assert anki_tag(" two  words ") == "two_words"


def test_anki_without_genanki_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "genanki", None)  # makes "import genanki" fail as if not installed
    with pytest.raises(ExportUnavailable, match=r"pip install 'clerkbook\[anki\]'"):
        render_anki(sample_document())


def test_point_fronts_are_prompts_that_do_not_give_the_answer_away() -> None:
    short = {"text": "Alvarado ≥ 7 makes appendicitis likely.", "topic": "Appendicitis"}
    assert point_front(short) == "Appendicitis — Alvarado ≥ 7 makes…"
    long = "Start an MRA when eGFR is above 30 and potassium is below 5, then recheck both within a week."
    assert point_front({"text": long, "topic": "cardio"}) == "Start an MRA when eGFR is above 30 and potassium is below…"
    assert point_front({"text": "Check K+ daily. Replete to 4.", "topic": "renal"}) == "Check K+ daily"
    taken: set[str] = set()
    assert [unique_front("DKA", ["endo", "IM"], taken) for _ in range(4)] == ["DKA", "DKA (endo)", "DKA (IM)", "DKA (2)"]


def test_anki_fronts_of_the_demo_are_unique_and_never_a_bare_topic(tmp_path: Path) -> None:
    with open_notebook(tmp_path / "demo.db") as nb:
        fill_demo(nb, datetime(2026, 11, 25, 10, 15, tzinfo=timezone(timedelta(hours=-5))))
        doc = nb.export_document()
    conn = open_collection(render_anki(doc)["clerkbook.apkg"], tmp_path)
    fronts = [flds.split("\x1f")[0].casefold() for (flds,) in conn.execute("SELECT flds FROM notes")]
    conn.close()
    assert len(fronts) == len(set(fronts)) == len(doc["teaching_points"]) + sum(
        q["status"] == "answered" for q in doc["questions"])
    assert not {p["topic"].casefold() for p in doc["teaching_points"]} & set(fronts)
