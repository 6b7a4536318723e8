"""The printed exports and issue 7's lists: procedure counts, feedback, letters, daily log, contacts,
certifications, checklist and sign-outs, as a student reads them before an interview."""

from __future__ import annotations

import copy
import re
from datetime import timedelta, timezone

from export_sample import (
    IM,
    NEW_LISTS,
    SURG,
    assert_no_empty_headings,
    assert_self_contained,
    headings,
    headings_in_lists,
    html_text,
    sample_document,
    split_front_matter,
    uid,
    version_1,
)

from clerkbook.domain.export.clerkship_render import counts_table, procedure_counts
from clerkbook.domain.export.dossier import render_dossier
from clerkbook.domain.export.html import render_html
from clerkbook.domain.export.markdown import render_markdown

IM_FILE = "rotations/2026-11-02-internal-medicine-riverside-general.md"
SURG_FILE = "rotations/2026-11-30-surgery-lakeside-community-hospital.md"
IM_NAME, SURG_NAME = "Internal Medicine @ Riverside General", "Surgery @ Lakeside Community Hospital"
NEW_HEADINGS = {"Procedures", "Log", "Feedback", "Letters of recommendation", "Daily log", "Pre-rotation checklist",
                "From the daily log", "Procedure counts", "People to thank and keep posted", "Contacts",
                "Certifications", "Mistakes I won't repeat", "Management points worth remembering"}


def _dossier(doc: dict) -> str:
    return split_front_matter(render_dossier(doc)["dossier.md"].decode())[1]


def _chapter(markdown: str, name: str) -> str:
    return markdown.split(f"\n## {name}\n")[1].split("\n## ")[0]


def _md(doc: dict) -> dict[str, str]:
    return {path: split_front_matter(data.decode())[1] for path, data in render_markdown(doc).items()}


def _procedure(name: str, rotation: str, role: str, day: str = "2026-11-20") -> dict:
    return {"uid": uid(f"extra:{name}:{role}:{day}"), "rotation": rotation, "patient": None, "name": name,
            "procedure_date": day, "role": role, "supervisor": "", "notes": "", "created_at": f"{day}T09:00:00.000000Z",
            "updated_at": f"{day}T09:00:00.000000Z"}


# --- procedures: counts ready for a CV -----------------------------------------------------------------------


def test_each_rotation_counts_its_procedures_by_name_and_role() -> None:
    md = _dossier(sample_document())
    im, surgery = _chapter(md, IM_NAME), _chapter(md, SURG_NAME)
    assert ("### Procedures\n\n6 procedures: 3 performed, 1 assisted, 2 observed.\n\n"
            "- IV placement — performed 2, assisted 1\n- ABG — performed 1, observed 1\n- Paracentesis — observed 1"
            ) in im
    assert ("3 procedures: 2 performed, 1 assisted.\n\n- IV placement — performed 1\n- Suturing — performed 1\n"
            "- Assisting in the OR — assisted 1") in surgery
    assert "- **Procedures logged:** 9 (5 performed)" in md
    # The dossier counts; the log itself (supervisors, notes) stays in the notebook's own exports.
    assert "first pass" not in md and "Charge nurse" not in md
    assert "22G left forearm, first pass." in _md(sample_document())[IM_FILE]


def test_the_counts_of_every_rotation_make_one_table_with_totals() -> None:
    md = _dossier(sample_document())
    table = _chapter(md, "Procedure counts")
    assert ("| Procedure | Performed | Assisted | Observed | Total |\n| --- | --- | --- | --- | --- |\n"
            "| IV placement | 3 | 1 | 0 | 4 |\n| ABG | 1 | 0 | 1 | 2 |\n| Suturing | 1 | 0 | 0 | 1 |\n"
            "| Assisting in the OR | 0 | 1 | 0 | 1 |\n| Paracentesis | 0 | 0 | 1 | 1 |\n"
            "| **All procedures** | **5** | **2** | **2** | **9** |") in table
    html = render_dossier(sample_document())["dossier.html"].decode()
    rows = [html_text(row) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)]
    assert rows[0] == "Procedure Performed Assisted Observed Total" and "IV placement 3 1 0 4" in rows
    assert rows[-1] == "All procedures 5 2 2 9"
    assert_self_contained(html)
    # The same table closes the Markdown index and the HTML page.
    index = _md(sample_document())["index.md"]
    assert "| IV placement | 3 | 1 | 0 | 4 |" in index and " · 3 weekly reflections · 9 procedures logged\n" in index
    page = render_html(sample_document())["clerkbook.html"].decode()
    assert "<td>IV placement</td>" in page and "<td>Paracentesis</td>" in page


def test_names_differing_only_in_case_are_one_procedure_and_a_pipe_stays_in_its_cell() -> None:
    doc = sample_document()
    doc["procedures"] += [_procedure("iv placement", IM, "observed"), _procedure("I&D | gluteal", SURG, "assisted")]
    counts = dict(procedure_counts(doc["procedures"]))
    assert counts["IV placement"] == {"performed": 3, "assisted": 1, "observed": 1} and "iv placement" not in counts
    table = counts_table(doc["procedures"])
    assert "| I&D \\| gluteal | 0 | 1 | 0 | 1 |" in table
    html = render_dossier(doc)["dossier.html"].decode()
    assert "<td>I&amp;D | gluteal</td>" in html
    assert "- IV placement — performed 2, assisted 1, observed 1" in _dossier(doc)


# --- feedback: what was said, what I changed, and the stories --------------------------------------------------


def test_feedback_acted_on_is_a_story_card_told_once() -> None:
    doc = sample_document()
    md = _dossier(doc)
    im = _chapter(md, IM_NAME)
    card = im.split("#### Your presentations are thorough but long\n\n")[1].split("\n#### ")[0]
    assert card.startswith("*From feedback by Priya Raman (PGY-2) on 6 Nov 2026, acted on 9 Nov 2026*")
    assert "**What was said:** Your presentations are thorough but long; the assessment gets lost at the end." in card
    assert "**What I changed:** Lead with a one-line assessment, then the plan by problem." in card
    assert "**What I did:** Presented B4 with the one-liner first" in card
    assert im.index("### Stories") < im.index("#### Your presentations")
    for entry in doc["feedback"]:
        if entry["acted_text"]:
            assert md.count(entry["acted_text"]) == 1, entry["giver"]  # not in the Feedback section as well
    assert "2 pieces of feedback: 1 acted on, told as a story below; 1 still to act on:" in im
    assert "1 piece of feedback, acted on and told as a story below." in _chapter(md, SURG_NAME)
    assert "- **Feedback received:** 3 (2 acted on)" in md


def test_feedback_still_to_act_on_is_printed_in_full_and_makes_no_card() -> None:
    md = _dossier(sample_document())
    im = _chapter(md, IM_NAME)
    section = im.split("### Feedback\n")[1].split("\n### ")[0]
    assert [h for level, h in headings(section) if level == 4] == ["16 Nov 2026 · Dr. Amara Okafor"]
    assert "*mid-rotation feedback*" in section and "**What I'll change:**\n\n- Read one focused review" in section
    stories = im.split("### Stories")[1]
    assert "Good rapport" not in stories and "Okafor" not in stories


def test_a_feedback_marked_acted_on_without_words_still_becomes_a_story() -> None:
    doc = sample_document()
    doc["feedback"][1]["acted_date"] = "2026-11-20"
    im = _chapter(_dossier(doc), IM_NAME)
    assert "#### Good rapport with families\n\n*From feedback by Dr. Amara Okafor on 16 Nov 2026, acted on " \
           "20 Nov 2026*" in im
    assert "2 pieces of feedback, acted on and told as stories below." in im


def test_the_markdown_folder_keeps_every_feedback_in_full() -> None:
    body = _md(sample_document())[IM_FILE]
    section = body.split("\n## Feedback\n")[1].split("\n## ")[0]
    assert "**Acted on 9 Nov 2026:** Presented B4 with the one-liner first" in section
    assert "*after presenting B12 on rounds*" in section and "*mid-rotation feedback*" in section


# --- letters, daily log, contacts, certifications -------------------------------------------------------------


def test_letters_show_writer_status_deadline_and_what_is_still_to_send() -> None:
    md = _dossier(sample_document())
    assert ("- **Dr. Amara Okafor** — agreed to write · asked 24 Nov 2026 · deadline 15 Dec 2026 · sent CV, "
            "personal statement draft · still to send: reminder of key cases") in _chapter(md, IM_NAME)
    assert "- **Dr. Lena Whitford** — to ask · deadline 15 Jan 2027" in _chapter(md, SURG_NAME)
    assert "- **Letters of recommendation:** 2 (1 agreed, 1 to ask)" in md
    assert "- **Dr. Lena Whitford** — to ask · deadline 15 Jan 2027" in _md(sample_document())[SURG_FILE]


def test_the_dossier_takes_only_lessons_from_the_daily_log() -> None:
    md = _dossier(sample_document())
    im = _chapter(md, IM_NAME)
    lessons = im.split("### From the daily log\n")[1].split("\n### ")[0]
    assert [h for _, h in headings(lessons)] == ["Mistakes I won't repeat", "Management points worth remembering"]
    assert "- **3 Nov 2026:** Forgot to check the overnight K+ before pre-rounds." in lessons
    assert "- **4 Nov 2026:** Replete K+ to ≥ 4 in heart failure." in lessons
    assert "metolazone" not in md and "Community-acquired pneumonia, RLL" not in md  # questions, diagnoses
    assert "- **29 Nov 2026:** Reviewed the sepsis bundle" in _chapter(md, "Across rotations")
    # The Markdown folder keeps the whole day, under the log's four headings.
    day = _md(sample_document())[IM_FILE].split("\n### 3 Nov 2026\n")[1].split("\n### ")[0]
    assert [h for _, h in headings(day)] == ["New diagnoses I saw today", "Important management points",
                                              "Mistakes I won't repeat", "Questions to ask tomorrow"]


def test_people_to_thank_say_who_was_thanked_and_who_is_waiting() -> None:
    md = _dossier(sample_document())
    people = _chapter(md, "People to thank and keep posted")
    assert "Still to thank: 3." in people
    assert ("- **Dr. Amara Okafor** — attending · Internal Medicine @ Riverside General · thanked 28 Nov 2026 · "
            "last update 20 Dec 2026 — *Cardiology interest; offered to read my personal statement.*") in people
    assert "- **Dr. Lena Whitford** — attending · Surgery @ Lakeside Community Hospital · **not thanked yet**" in people
    assert "- **Sam Ortiz** — **not thanked yet** — *Student affairs advisor.*" in people
    index = _md(sample_document())["index.md"]
    assert ("- **Jordan Ellis** — coordinator · [Internal Medicine @ Riverside General]"
            f"({IM_FILE}) · thanked 29 Nov 2026") in index
    assert "- ACLS — valid until 30 Jun 2028\n- BLS — valid until 1 Mar 2028" in md
    assert "- BLS — valid until 1 Mar 2028\n\n  American Heart Association." in index


def test_no_sign_outs_or_checklist_in_the_dossier() -> None:
    text = html_text(render_dossier(sample_document())["dossier.html"].decode())
    for absent in ("carvedilol", "watcher", "sign-out", "Immunization records", "Fit test", "checklist"):
        assert absent not in text, absent


def test_sign_outs_sit_with_their_patient_in_the_rotation_file() -> None:
    doc = sample_document()
    doc["patient_signouts"].append({"uid": uid("so:b12"), "patient": uid("p:b12"), "severity": "unstable",
                                    "contingency": "Old plan.", "created_at": "2026-11-04T09:00:00.000000Z",
                                    "updated_at": "2026-11-04T09:00:00.000000Z"})
    body = _md(doc)[IM_FILE]
    assert "- B4 · 54F · Community-acquired pneumonia — on the list · sign-out: stable\n" in body
    assert ("- B9 · 72M · CHF exacerbation — on the list · sign-out: watcher\n\n  **Contingency:**\n\n"
            "  If SBP < 90, hold carvedilol and call the resident.") in body
    assert "- B12 · 67M · CHF exacerbation — discharged 7 Nov 2026\n" in body and "Old plan" not in body
    assert "sign-out: watcher" in html_text(render_html(doc)["clerkbook.html"].decode())


def test_the_checklist_ticks_what_is_done() -> None:
    surgery = _md(sample_document())[SURG_FILE]
    assert "- [ ] Fit test (N95) — requested\n\n  Booked with occupational health.\n- [ ] Insurance — needed" in surgery
    html = html_text(render_html(sample_document())["clerkbook.html"].decode())
    assert "☑ Immunization records — done 20 Oct 2026" in html and "☐ Insurance — needed" in html


# --- escaping, version 1, determinism -------------------------------------------------------------------------


def test_typed_html_and_markdown_in_the_new_fields_stay_text() -> None:
    doc = sample_document()
    doc["contacts"][0]["name"] = "# Dr. Hash | <b>bold</b>"
    doc["letters"][0]["attending"] = "<script>alert('letter')</script>"
    doc["feedback"][0]["giver"] = "## Giver ##"
    files = {**render_markdown(doc), **render_dossier(doc), **render_html(doc)}
    for path, data in files.items():
        text = data.decode()
        if path.endswith(".html"):
            assert_self_contained(text)
            assert "&lt;script&gt;alert(" in text and "<b>bold" not in text
            assert not re.search(r"<h\d[^>]*>(Not a heading|Tip|If K\+|Dr\. Hash)", text), path
            continue
        body = split_front_matter(text)[1]
        assert headings_in_lists(body) == [], path
        assert not [h for _, h in headings(body) if h.startswith(("Not a heading", "Tip", "If K+", "Dr. Hash"))], path
    dossier = _dossier(doc)
    assert "\\<script>alert('feedback')</script>" in dossier  # a raw HTML block, shown as typed
    assert "- **\\# Dr. Hash | <b>bold</b>** — attending" in dossier
    assert "*From feedback by ## Giver ## on 6 Nov 2026" in dossier  # mid-line, so plain text
    assert "\n### 6 Nov 2026 · \\## Giver \\##\n" in _md(doc)[IM_FILE]  # a closing "##" would end the heading


def test_a_version_1_document_renders_without_the_new_sections() -> None:
    old = version_1(sample_document())
    assert not set(NEW_LISTS) & set(old)
    md = _dossier(old)
    assert not NEW_HEADINGS & {h for _, h in headings(md)}
    assert "Procedures logged" not in md and "Feedback received" not in md
    assert_no_empty_headings(md)
    for path, body in _md(old).items():
        assert not NEW_HEADINGS & {h for _, h in headings(body)}, path
        assert "sign-out" not in body, path
    page = render_html(old)["clerkbook.html"].decode()
    assert "<table>" not in page and "procedures logged" not in page
    # Missing lists and empty lists print the same.
    empty = {**old, **{name: [] for name in NEW_LISTS}}
    for render in (render_markdown, render_html, render_dossier):
        assert render(old) == render(empty)


def test_a_notebook_with_only_people_and_certifications_is_not_empty() -> None:
    doc = {name: sample_document()[name] for name in ("contacts", "certifications")}
    md = _dossier(doc)
    assert "Nothing recorded yet" not in md and "**Sam Ortiz**" in md and "BLS — valid until" in md
    assert "Contacts" in _md(doc)["index.md"]
    assert_no_empty_headings(md)


def test_new_entries_print_no_uid_timestamp_or_iso_date_and_no_empty_heading() -> None:
    doc = sample_document()
    outputs = {**_md(doc), "dossier.md": _dossier(doc),
               "dossier.html": render_dossier(doc)["dossier.html"].decode(),
               "clerkbook.html": render_html(doc)["clerkbook.html"].decode()}
    for path, text in outputs.items():
        text = re.sub(r"\]\([^)]*\)", "]", text)  # file names in links are dated by design
        assert not re.search(r"\b[0-9a-f]{32}\b", text), path
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), path
        if path.endswith(".md"):
            assert_no_empty_headings(text)


def test_days_are_not_shifted_by_the_time_zone() -> None:
    # A procedure's day is the day it was done, wherever the export is made: not a moment to convert.
    honolulu = timezone(timedelta(hours=-10))
    files = render_markdown(sample_document(), tz=honolulu)
    body = files[IM_FILE].decode()
    assert "- 3 Nov 2026 · IV placement — performed" in body and "### 6 Nov 2026 · Priya Raman" in body


def test_exports_are_deterministic() -> None:
    for render in (render_markdown, render_html, render_dossier):
        assert render(sample_document()) == render(sample_document())


def test_a_table_typed_in_a_note_prints_as_a_table_too() -> None:
    # Tables are on for the procedure counts; a student's own table reads as one, as in Obsidian.
    doc = sample_document()
    doc["notes"][0]["sections"]["plan"] = "| Drug | Dose |\n| --- | --- |\n| Furosemide | 80 mg IV BID |"
    html = render_html(doc)["clerkbook.html"].decode()
    assert "<th>Drug</th>" in html and "<td>80 mg IV BID</td>" in html
    assert_self_contained(html)


def test_the_daily_logs_lines_stay_lines_in_print() -> None:
    doc = copy.deepcopy(sample_document())
    day = doc["daily_entries"][0]
    day["mistakes"] = "Forgot the overnight K+\nHernia: reduce before imaging\n- a list stays a list"
    for files in (render_markdown(doc), render_dossier(doc)):
        page = next(data.decode() for path, data in files.items() if path.endswith(".md") and
                    "Hernia: reduce" in data.decode())
        page = re.sub(r"\n +", "\n", page)  # a list item's continuation lines are indented
        assert "Forgot the overnight K+\\\nHernia: reduce before imaging\n- a list stays a list" in page
    html = render_html(doc)
    page = next(data.decode() for data in html.values())
    assert "Forgot the overnight K+<br />\nHernia: reduce before imaging" in page
