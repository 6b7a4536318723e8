"""The renderers: Markdown folder, printable HTML, interview dossier and Anki deck, from the sample document."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from datetime import timedelta, timezone
from html import unescape
from pathlib import Path

import pytest
import yaml
from export_sample import (
    NEW_LISTS,
    SURG,
    assert_no_empty_headings,
    assert_self_contained,
    empty_document,
    headings,
    headings_in_lists,
    html_text,
    open_collection,
    sample_document,
    split_front_matter,
    uid,
)

from clerkbook.domain.export.anki import render_anki
from clerkbook.domain.export.dossier import notes_summary, patients_summary, render_dossier
from clerkbook.domain.export.html import render_html
from clerkbook.domain.export.markdown import render_markdown
from clerkbook.domain.export.render_util import block, first_sentences, slugify, yaml_value
from clerkbook.models import NOTE_SECTIONS, REFLECTION_PROMPTS, SECTION_TITLES, NoteKind

IM_NAME, SURG_NAME = "Internal Medicine @ Riverside General", "Surgery @ Lakeside Community Hospital"


@pytest.fixture(scope="module")
def md_files() -> dict[str, str]:
    return {path: data.decode() for path, data in render_markdown(sample_document()).items()}


# --- Markdown ---------------------------------------------------------------------------------------------


def test_markdown_layout_has_one_file_per_entry(md_files: dict[str, str]) -> None:
    assert set(md_files) == {
        "index.md",
        "rotations/2026-11-02-internal-medicine-riverside-general.md",
        "rotations/2026-11-30-surgery-lakeside-community-hospital.md",
        "notes/2026-11-02-hp-admission-h-p.md",
        "notes/2026-11-03-soap-chf-exacerbation.md",
        "notes/2026-11-05-progress-day-3-progress.md",
        "notes/2026-12-01-hp-appendicitis-h-p.md",
        "reflections/2026-W44.md",
        "reflections/2026-W46.md",
        "reflections/2026-W49.md",
    }


def test_every_front_matter_parses_with_the_right_values(md_files: dict[str, str]) -> None:
    meta = {path: split_front_matter(text)[0] for path, text in md_files.items()}
    assert meta["index.md"] == {"type": "index", "title": "clerkbook export", "rotations": [IM_NAME, SURG_NAME],
                                "tags": []}
    assert meta["rotations/2026-11-02-internal-medicine-riverside-general.md"] == {
        "type": "rotation", "title": IM_NAME, "rotation": IM_NAME, "specialty": "Internal Medicine",
        "site": "Riverside General", "team": "Gold team", "start": "2026-11-02", "end": "2026-11-29",
        "current": False, "tags": [], "created": "2026-11-02", "updated": "2026-11-02"}
    assert meta["notes/2026-11-03-soap-chf-exacerbation.md"] == {
        "type": "note", "title": "SOAP note · B12 · 67M · CHF exacerbation", "rotation": IM_NAME,
        "patient": "B12 · 67M · CHF exacerbation", "kind": "soap", "status": "reviewed", "tags": ["story"],
        "created": "2026-11-03", "updated": "2026-11-03"}
    assert meta["reflections/2026-W46.md"] == {
        "type": "reflection", "title": "Week 46 · 9–15 Nov 2026", "rotation": IM_NAME, "week": "2026-W46",
        "tags": ["interview"], "start": "2026-11-09", "end": "2026-11-15", "created": "2026-11-15",
        "updated": "2026-11-15"}
    assert meta["reflections/2026-W44.md"]["rotation"] is None
    for path, fields in meta.items():
        assert fields["type"] == {"index.md": "index"}.get(path, path.split("/")[0].rstrip("s"))
        assert isinstance(fields["tags"], list)


def test_links_point_to_files_in_the_export(md_files: dict[str, str]) -> None:
    targets = set()
    for path, text in md_files.items():
        for link in re.findall(r"\]\(([^)]+)\)", text):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
            assert target in md_files, f"{path} links to missing {link}"
            targets.add(target)
    index_links = re.findall(r"\]\(([^)]+)\)", md_files["index.md"])
    assert set(index_links) == set(md_files) - {"index.md"}
    assert targets == set(md_files) - {"index.md"}


def test_rotation_file_shows_patients_todos_points_questions(md_files: dict[str, str]) -> None:
    _, body = split_front_matter(md_files["rotations/2026-11-02-internal-medicine-riverside-general.md"])
    assert "- B12 · 67M · CHF exacerbation — discharged 7 Nov 2026" in body
    assert "- B4 · 54F · Community-acquired pneumonia — on the list" in body
    assert "- [x] AM BMP + Mg on IV furosemide — lab · B12 · 67M · CHF exacerbation · done 4 Nov 2026" in body
    assert "- [ ] Review echo with the resident — imaging · B12 · 67M · CHF exacerbation · due 5 Nov 2026" in body
    assert "- ★ IV loop dose about **1-2.5×** the home oral dose" in body
    assert "Source: *ACC/AHA HF guideline*" in body and "Source: *PGY-2 resident*" in body
    assert "- The four pillars of HFrEF therapy:\n\n  - ARNI" in body  # unstarred, list kept inside the item
    assert "Recheck K+ and creatinine within **1 week**" in body
    assert "### How long to treat uncomplicated CAP?\n\n*Still open.*" in body
    assert [h for h in headings(body) if h[0] <= 3] == [
        (1, IM_NAME), (2, "Patients followed"), (2, "To-dos"), (2, "Teaching points"), (3, "Heart failure"),
        (3, "Other points"), (2, "Questions"), (3, "When is it safe to start spironolactone in HFrEF?"),
        (3, "How long to treat uncomplicated CAP?"), (2, "Procedures"), (3, "Log"), (2, "Feedback"),
        (3, "6 Nov 2026 · Priya Raman (PGY-2)"), (3, "16 Nov 2026 · Dr. Amara Okafor"),
        (2, "Letters of recommendation"), (2, "Daily log"), (3, "3 Nov 2026"), (3, "4 Nov 2026"), (3, "5 Nov 2026"),
        (2, "Pre-rotation checklist"), (2, "Notes"), (2, "Weekly reflections")]


def test_note_files_show_their_kind_sections_and_skip_empty_ones(md_files: dict[str, str]) -> None:
    doc = sample_document()
    notes = {n["title"] or "SOAP note · B12 · 67M · CHF exacerbation": n for n in doc["notes"]}
    for path, text in md_files.items():
        if not path.startswith("notes/"):
            continue
        meta, body = split_front_matter(text)
        note = notes[meta["title"]]
        written = [SECTION_TITLES[s] for s in NOTE_SECTIONS[NoteKind(note["kind"])] if note["sections"][s]]
        assert [t for lvl, t in headings(body) if lvl == 2] == written
        assert [t for lvl, t in headings(body) if lvl == 1] == [meta["title"]]
    hp = md_files["notes/2026-11-02-hp-admission-h-p.md"]
    assert "Social history" not in hp and "**Patient:** B12 · 67M · CHF exacerbation" in hp
    assert "**Status:** final" in hp


def test_user_text_keeps_its_markdown_but_not_the_documents_structure(md_files: dict[str, str]) -> None:
    soap = md_files["notes/2026-11-03-soap-chf-exacerbation.md"]
    assert "\n### Exam\nCrackles improved." in soap  # the student's "# Exam" sits under "## Objective"
    progress = md_files["notes/2026-11-05-progress-day-3-progress.md"]
    assert "SpO₂ 95% RA.\n\n---\nWBC 11 → 8." in progress  # a rule, not a setext heading
    assert (2, "Objective") in headings(progress) and not any("SpO" in t for _, t in headings(progress))
    assert "\\<script>alert" in md_files["notes/2026-11-02-hp-admission-h-p.md"]


def test_a_starred_point_that_opens_with_a_list_keeps_it() -> None:
    doc = sample_document()
    doc["teaching_points"][1]["starred"] = True
    files = render_markdown(doc)
    assert "- ★\n\n  The four pillars" not in files["rotations/2026-11-02-internal-medicine-riverside-general.md"].decode()
    doc["teaching_points"][1]["text"] = "- ARNI\n- MRA"
    body = render_markdown(doc)["rotations/2026-11-02-internal-medicine-riverside-general.md"].decode()
    assert "- ★\n\n  - ARNI\n  - MRA" in body


def test_block_contains_what_could_escape_it() -> None:
    assert block("# Big\n## Less", 2) == "### Big\n#### Less"
    assert block("###### deep", 3) == "###### deep"
    assert block("Title\n===\ntext", 2) == "### Title\ntext"
    assert block("```python\nx = 1", 1) == "```python\nx = 1\n```"
    assert block("```\n# not a heading\n```", 1) == "```\n# not a heading\n```"
    assert block("<!-- hidden\n# still text", 1) == "\\<!-- hidden\n## still text"
    assert block("<pre>\nx", 1) == "\\<pre>\nx"
    assert block("a\r\nb\rc", 1) == "a\nb\nc"
    # Inside a list item or after a label, the text's headings stay text.
    assert block("# x\n- # y\n> ## z\nTitle\n===", 2, headings=False) == "\\# x\n- \\# y\n> \\## z\nTitle\n\\==="
    assert block("```\n# code\n```", 2, headings=False) == "```\n# code\n```"


def test_first_sentences_are_plain_and_complete() -> None:
    assert first_sentences("Dr. K asked (e.g. day 3). I **froze**! Then more.") == "Dr. K asked (e.g. day 3). I froze!"
    assert first_sentences("- Check labs\n- Write K+ on my list\n- Third") == "Check labs. Write K+ on my list."
    assert first_sentences("# Heading\nOne line", 1) == "Heading." and first_sentences("  ") == ""


@pytest.mark.parametrize("text", ['say "hi": now', "- item", "#tag", "null", "true", "2026-11-02", "a\nb\\c",
                                  "tab\there", "line\u2028sep", "nel\u0085", "\ufeffbom", "bell\x07",
                                  "café ≥ 7 😀",
                                  "---", "key: value # comment", "{[&*!|>'%@`]}"])
def test_yaml_values_round_trip(text: str) -> None:
    assert yaml.safe_load(f"k: {yaml_value(text)}") == {"k": text}
    assert yaml.safe_load(f"k: {yaml_value([text, None, True])}") == {"k": [text, None, True]}


def test_tricky_titles_and_tags_cannot_break_front_matter_or_headings() -> None:
    doc = sample_document()
    doc["notes"][0]["title"] = 'Day 2: "improving" ---\n# not a heading ##'
    doc["notes"][0]["tags"] = ['has: colon', "two words", "ünïcode"]
    files = render_markdown(doc)
    text = files["notes/2026-11-02-hp-day-2-improving-not-a-heading.md"].decode()
    meta, body = split_front_matter(text)
    assert meta["title"] == 'Day 2: "improving" --- # not a heading ##'
    assert meta["tags"] == ['has: colon', "two words", "ünïcode"]
    assert headings(body)[0] == (1, 'Day 2: "improving" --- # not a heading ##')


def test_slugs_are_ascii_and_unique_within_a_folder() -> None:
    assert slugify("Café Müller’s H&P!") == "cafe-mullers-h-p"
    assert slugify("★★★", "note") == "note"
    doc = sample_document()
    twin = dict(doc["notes"][2], uid=uid("n:twin"))
    doc["notes"].insert(3, twin)
    doc["notes"][0]["title"] = "H&P: HD1 — B12"
    files = render_markdown(doc)
    paths = sorted(p for p in files if p.startswith("notes/2026-11-05"))
    assert paths == ["notes/2026-11-05-progress-day-3-progress-2.md", "notes/2026-11-05-progress-day-3-progress.md"]
    assert "notes/2026-11-02-hp-hd1-b12.md" in files  # the kind is not said twice


def test_dates_follow_the_given_time_zone() -> None:
    honolulu = timezone(timedelta(hours=-10))
    files = render_markdown(sample_document(), tz=honolulu)
    # The H&P was written at 06:40 UTC on 2 Nov: still 1 Nov in Honolulu.
    meta, body = split_front_matter(files["notes/2026-11-01-hp-admission-h-p.md"].decode())
    assert meta["created"] == "2026-11-01" and "**Written:** 1 Nov 2026" in body


# --- HTML -------------------------------------------------------------------------------------------------


def test_html_shows_every_rotation_note_and_reflection() -> None:
    html = render_html(sample_document())["clerkbook.html"].decode()
    text = html_text(html)
    doc = sample_document()
    for name in (IM_NAME, SURG_NAME, "Across rotations", "Patients followed", "To-dos", "Teaching points",
                 "Questions", "Admission H&P", "Day 3 progress", "Appendicitis H&P",
                 "SOAP note · B12 · 67M · CHF exacerbation", "Week 44 · 26 Oct – 1 Nov 2026",
                 "Week 46 · 9–15 Nov 2026", "Week 49 · 30 Nov – 6 Dec 2026", "☑ AM BMP", "☐ Review echo"):
        assert name in text, name
    for note in doc["notes"]:
        for section in NOTE_SECTIONS[NoteKind(note["kind"])]:
            if note["sections"][section]:
                assert f">{SECTION_TITLES[section]}</h5>" in html  # under the note, under "Notes"
    for prompt in REFLECTION_PROMPTS.values():
        assert f">{prompt}</h5>" in html
    assert "&lt;script&gt;alert('pasted from chart')&lt;/script&gt;" in html
    assert "<strong>4 days</strong>" in html and "<li>Ischemic cardiomyopathy</li>" in html
    assert_self_contained(html)


def test_html_is_printable() -> None:
    html = render_html(sample_document())["clerkbook.html"].decode()
    assert '<nav class="toc"' in html and "@page" in html and "11pt" in html
    assert "break-before: page" in html and "break-after: avoid" in html
    chapters = re.findall(r'<h2 id="[^"]+" class="chapter">([^<]+)</h2>', html)
    assert chapters == [IM_NAME, SURG_NAME, "Across rotations"]
    assert html.count("<h1") == 1 and html.startswith("<!DOCTYPE html>")


def test_html_groups_notes_and_weeks_in_each_chapter_and_lists_only_those_in_contents() -> None:
    html = render_html(sample_document(), title="clerkbook — Surgery")["clerkbook.html"].decode()
    assert "<title>clerkbook — Surgery</title>" in html and ">clerkbook — Surgery</h1>" in html
    found = [(int(level), html_text(text)) for level, text in re.findall(r"<h([2-4])[^>]*>(.*?)</h\1>", html)]
    im = found[:found.index((2, SURG_NAME))]
    assert [t for level, t in im if level == 3] == ["Patients followed", "To-dos", "Teaching points", "Questions",
                                                    "Procedures", "Feedback", "Letters of recommendation",
                                                    "Daily log", "Pre-rotation checklist", "Notes",
                                                    "Weekly reflections"]
    notes, weeks = im.index((3, "Notes")), im.index((3, "Weekly reflections"))
    assert im[notes + 1:weeks] == [(4, "Admission H&P"), (4, "SOAP note · B12 · 67M · CHF exacerbation"),
                                   (4, "Day 3 progress")]
    assert im[weeks + 1:] == [(4, "Week 46 · 9–15 Nov 2026")]
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group()
    assert re.findall(r'<a href="#[^"]+">([^<]+)</a>', toc) == [
        IM_NAME, "Notes", "Weekly reflections", SURG_NAME, "Notes", "Weekly reflections", "Across rotations",
        "Weekly reflections", "Procedure counts", "Contacts", "Certifications"]
    dossier = render_dossier(sample_document(), title="clerkbook — Surgery")["dossier.html"].decode()
    assert "<title>clerkbook — Surgery</title>" in dossier


def test_html_never_links_or_loads_what_a_student_typed() -> None:
    doc = sample_document()
    doc["notes"][0]["sections"]["plan"] = (
        "[guideline](https://example.org/hf) <https://example.org> ![x](http://example.org/x.png)\n\n"
        "[ref]: https://example.org/ref\n\n<img src=x onerror=alert(1)> <a href='//evil'>x</a>\n\n"
        "<style>body{background:url(http://x)}</style>")
    html = render_html(doc)["clerkbook.html"].decode()
    assert_self_contained(html)
    assert "[guideline](https://example.org/hf)" in unescape(html)  # shown as typed, not dropped


# --- dossier ----------------------------------------------------------------------------------------------

DOSSIER_TEXT = [
    "Overview", "At a glance", IM_NAME, SURG_NAME, "2 Nov – 29 Nov 2026 (4 weeks)",
    "30 Nov – 27 Dec 2026 (4 weeks)",
    "Riverside General", "Lakeside Community Hospital", "Gold team", "Acute care surgery",
    "3 patients (1 discharged) — CHF exacerbation (2), Community-acquired pneumonia.",
    "1 patient — Acute appendicitis.", "3 notes: 1 SOAP note, 1 H&P, 1 progress note.", "1 H&P.",
    "Starred teaching points", "the home oral dose", "Alvarado ≥ 7 makes appendicitis likely.",
    "Questions answered", "When is it safe to start spironolactone in HFrEF?",
    "about 1 in 4 recur within a year", "Weekly reflections", "Week 46 · 9–15 Nov 2026",
    "Week 49 · 30 Nov – 6 Dec 2026", "Stories", "I ask for help earlier than I used to, and it makes the team safer",
    "What I learned:", "What I do differently now:", "From a SOAP note of 3 Nov 2026 · Patient: 67M · CHF",
    "ADHF improving on IV diuresis", "From an H&P of 1 Dec 2026", "Across rotations",
    "Week 44 · 26 Oct – 1 Nov 2026",
    "I prepare better when I write the plan before rounds", "Looking ahead", "After each rotation",
]


def test_dossier_has_every_section_in_both_files() -> None:
    files = render_dossier(sample_document())
    assert set(files) == {"dossier.md", "dossier.html"}
    meta, markdown = split_front_matter(files["dossier.md"].decode())
    assert meta == {"type": "dossier", "title": "Clerkship dossier", "rotations": [IM_NAME, SURG_NAME], "tags": []}
    plain_md = markdown.replace("**", "").replace("*", "").replace("\\", "")
    html = files["dossier.html"].decode()
    for expected in DOSSIER_TEXT:
        assert expected in plain_md, expected
        assert expected in html_text(html), expected
    assert "How long to treat uncomplicated CAP?" not in plain_md  # open questions are not achievements
    assert_self_contained(html)
    chapters = re.findall(r'<h2 id="[^"]+" class="chapter">([^<]+)</h2>', html)
    assert chapters == ["Overview", IM_NAME, SURG_NAME, "Across rotations", "Procedure counts",
                        "People to thank and keep posted", "Looking ahead"]


def test_dossier_reads_like_a_document_not_a_database() -> None:
    files = render_dossier(sample_document())
    for name, data in files.items():
        text = data.decode()
        assert not re.search(r"\b[0-9a-f]{32}\b", text), name
        assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text), name
        assert "2026-W4" not in text and "None" not in text.replace("None recorded", "")
    assert_no_empty_headings(split_front_matter(files["dossier.md"].decode())[1])


def test_patient_one_liners_with_commas_are_kept_apart() -> None:
    patients = [{"summary": "Pneumonia, RLL", "status": "active"}, {"summary": "pneumonia, rll", "status": "active"},
                {"summary": "DKA", "status": "discharged"}, {"summary": "", "status": "active"}]
    assert patients_summary(patients) == "4 patients (1 discharged) — Pneumonia, RLL (2); DKA; no one-liner."
    assert patients_summary([]) == "*None recorded.*"


def test_dossier_says_none_recorded_for_a_quiet_rotation() -> None:
    doc = sample_document()
    for key in ("patients", "todos", "teaching_points", "questions", "notes", "reflections", *NEW_LISTS):
        doc[key] = [e for e in doc[key] if e.get("rotation") != SURG]
    markdown = render_dossier(doc)["dossier.md"].decode()
    surgery = markdown.split(f"## {SURG_NAME}")[1].split("\n## ")[0]
    assert surgery.count("*None recorded.*") == 5 and "### Stories" not in surgery
    # The newer sections are not "none recorded" in every rotation of a notebook that never used them: absent.
    assert [h for level, h in headings(surgery) if level == 3] == [
        "Patients followed", "Notes written", "Starred teaching points", "Questions answered", "Weekly reflections"]


def test_dossier_stories_are_one_short_card_per_week_not_a_second_copy() -> None:
    doc = sample_document()
    doc["reflections"][1]["didnt_go_well"] = "Missed the overnight K+ of 3.4. The resident asked. I felt awful."
    _, md = split_front_matter(render_dossier(doc)["dossier.md"].decode())
    for refl in doc["reflections"]:  # in full once; a card repeats "went well" only when nothing went badly
        assert md.count(refl["went_well"]) == (1 if refl["didnt_go_well"] else 2), refl["week"]
    assert "**What happened:** Missed the overnight K+ of 3.4. The resident asked.\n" in md
    assert "**What happened:** Finished orientation and EMR training." in md  # W44: nothing went badly
    assert "**What I do differently now:**\n\n- Check every overnight lab" in md
    cards = [h for part in md.split("### Stories")[1:] for level, h in headings(part.split("\n## ")[0]) if level == 4]
    # Only tagged points become stories, titled by what they say; the starred untagged ones do not.
    # Feedback acted on is a story too, titled by what was said.
    assert cards == ["Week 46 · 9–15 Nov", "Your presentations are thorough but long",
                     "SOAP note · B12 · 67M · CHF exacerbation", "The four pillars of HFrEF therapy",
                     "Week 49 · 30 Nov – 6 Dec",
                     "Know the anatomy before the case, and keep the camera on the working instruments",
                     "Appendicitis H&P", "Alvarado ≥ 7 makes appendicitis likely", "Week 44 · 26 Oct – 1 Nov"]
    assert "In all:" not in md and "##### What went well\n" not in md and "- Update your CV" in md


def test_notes_by_kind_read_naturally() -> None:
    notes = [{"kind": k} for k in ("soap", "hp", "progress", "progress", "progress")]
    assert notes_summary(notes) == "5 notes: 1 SOAP note, 1 H&P, 3 progress notes."
    assert notes_summary([{"kind": "hp"}, {"kind": "hp"}]) == "2 H&Ps."
    assert notes_summary([{"kind": "soap"}] * 2 + [{"kind": "x"}]) == "3 notes: 2 SOAP notes, 1 other note."
    assert notes_summary([]) == "*None recorded.*"


def test_text_starting_with_a_hash_stays_inside_its_bullet_or_card() -> None:
    doc = sample_document()
    doc["teaching_points"][0]["text"] = "# Diuresis\nIV loop dose 1-2.5× the oral dose."  # starred
    doc["teaching_points"][1]["text"] = "# Four pillars\n\nGDMT\n===\n- ARNI"  # story-tagged
    doc["reflections"][1]["do_differently"] = "# Check labs\nevery morning"
    files = {path: data for path, data in {**render_markdown(doc), **render_dossier(doc)}.items() if path.endswith(".md")}
    for path, data in files.items():
        body = split_front_matter(data.decode())[1]
        assert headings_in_lists(body) == [], path
        assert not [h for _, h in headings(body) if h.startswith(("Diuresis", "GDMT"))], path
    # The full reflection keeps its heading, pushed under the prompt; the story card shows it as text.
    dossier = split_front_matter(files["dossier.md"].decode())[1]
    assert [h for _, h in headings(dossier) if h == "Check labs"] == ["Check labs"]
    assert "**What I do differently now:**\n\n\\# Check labs\nevery morning" in dossier
    html = render_html(doc)["clerkbook.html"].decode()
    assert "# Diuresis IV loop dose" in html_text(html) and not re.search(r"<h\d[^>]*>(Diuresis|GDMT)", html)


def test_blanked_entries_print_no_empty_bullet_or_heading_but_still_count(tmp_path: Path) -> None:
    doc = sample_document()  # blanked as an export blanks text its format does not print
    for point in doc["teaching_points"]:
        point.update(text="", topic="", source="")
    for entry in doc["questions"] + doc["todos"]:
        entry["text"] = ""
    for note in doc["notes"]:
        note.update(title="", sections={k: "" for k in note["sections"]})
    doc["reflections"][2].update(went_well="", didnt_go_well="", do_differently="")
    dossier = render_dossier(doc)
    rendered = [*render_markdown(doc).values(), render_html(doc)["clerkbook.html"], *dossier.values()]
    for text in (data.decode() for data in rendered):
        assert "(no text)" not in text and not re.search(r"^\s*- (\[[ x]\] )?★?\s*(—.*)?$", text, re.M)
        assert not re.search(r"^#+ *(Question|To-do|Teaching point)? *$|<h\d[^>]*>\s*</h\d>|<li>\s*</li>", text, re.M)
    md = split_front_matter(dossier["dossier.md"].decode())[1]
    assert_no_empty_headings(md)
    assert "**Teaching points:** 4 (3 starred)" in md and "**Weekly reflections:** 3" in md
    assert "Week 49" not in md and "3 notes: 1 SOAP note, 1 H&P, 1 progress note." in md
    conn = open_collection(render_anki(doc)["clerkbook.apkg"], tmp_path)
    assert conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)
    conn.close()


# --- empty notebook and layering --------------------------------------------------------------------------


def test_an_empty_document_renders_helpfully(tmp_path: Path) -> None:
    doc = empty_document()
    md = render_markdown(doc)
    assert set(md) == {"index.md"} and "Nothing recorded yet" in md["index.md"].decode()
    html = render_html(doc)["clerkbook.html"].decode()
    assert "Nothing recorded yet" in html and '<nav class="toc"' not in html
    assert_self_contained(html)
    dossier = render_dossier(doc)
    assert all("Nothing recorded yet" in data.decode() for data in dossier.values())
    assert "Looking ahead" in dossier["dossier.md"].decode()
    conn = open_collection(render_anki(doc)["clerkbook.apkg"], tmp_path)
    assert conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)
    conn.close()
    # A document with no lists at all (say, hand-made) renders the same way.
    assert render_markdown({}) == md


def test_renderers_do_not_import_textual_or_genanki() -> None:
    probe = ("import sys; import clerkbook.domain.export.markdown, clerkbook.domain.export.html, "
             "clerkbook.domain.export.dossier, clerkbook.domain.export.anki; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'genanki'}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
