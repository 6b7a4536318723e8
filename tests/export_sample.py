"""A hand-built export document for renderer tests: fictional, de-identified, shaped exactly as the export spec says.

Two rotations, patients (one discharged), to-dos done and open, teaching points starred and not, open and
answered questions, SOAP / H&P / progress notes with revisions, "story" and "interview" tags, reflections for two
weeks and one written outside any rotation. Some text is Markdown (lists, bold), one note holds a raw <script>,
one section a line "---", and there is non-ASCII text (SpO₂, naïve, ≥). Below it, helpers that read what the
renderers wrote back (front matter, headings, page text, the Anki collection).
"""

from __future__ import annotations

import hashlib
import io
import re
import sqlite3
import zipfile
from html import unescape
from pathlib import Path

import yaml

from clerkbook.domain.export.html import markdown_parser
from clerkbook.models import ALL_NOTE_SECTIONS


def uid(label: str) -> str:
    """A stable 32-hex uid for a readable label, like uuid4().hex but reproducible."""
    return hashlib.md5(label.encode()).hexdigest()


def ts(day: str, clock: str = "09:00") -> str:
    """A stored UTC timestamp: "2026-11-25T15:15:00.000000Z"."""
    return f"{day}T{clock}:00.000000Z"


IM, SURG = uid("rotation:im"), uid("rotation:surgery")


def _rotation(key, specialty, site, service, start, end, current):
    return {"uid": key, "specialty": specialty, "site": site, "service": service, "start_date": start,
            "end_date": end, "is_current": current, "created_at": ts(start, "07:00"), "updated_at": ts(start, "07:00")}


def _patient(name, rotation, bed, age_sex, summary, day, discharged=None, tags=()):
    return {"uid": uid(name), "rotation": rotation, "bed": bed, "age_sex": age_sex, "summary": summary,
            "status": "discharged" if discharged else "active", "discharged_at": discharged,
            "created_at": ts(day, "07:30"), "updated_at": discharged or ts(day, "07:30"), "tags": sorted(tags)}


def _todo(name, rotation, patient, text, kind, day, due=None, done=None, position=0):
    return {"uid": uid(name), "rotation": rotation, "patient": patient and uid(patient), "text": text, "kind": kind,
            "due_at": due, "done_at": done, "position": position, "created_at": ts(day, "08:00"),
            "updated_at": done or ts(day, "08:00"), "tags": []}


def _point(name, rotation, patient, text, topic, source, starred, day, tags=()):
    return {"uid": uid(name), "rotation": rotation, "patient": patient and uid(patient), "text": text,
            "topic": topic, "source": source, "starred": starred, "created_at": ts(day, "12:00"),
            "updated_at": ts(day, "12:00"), "tags": sorted(tags)}


def _question(name, rotation, patient, text, answer, day, answered=None, tags=()):
    return {"uid": uid(name), "rotation": rotation, "patient": patient and uid(patient), "text": text,
            "answer": answer, "status": "answered" if answered else "open", "answered_at": answered,
            "created_at": ts(day, "13:00"), "updated_at": answered or ts(day, "13:00"), "tags": sorted(tags)}


def _sections(**text: str) -> dict[str, str]:
    return {name: text.get(name, "") for name in ALL_NOTE_SECTIONS}


def _note(name, rotation, patient, kind, title, status, day, sections, revisions=(), tags=(), copied_from=None):
    revs = [{"uid": uid(f"{name}:rev{i}"), "title": title, "status": "draft", "content": content, "reason": reason,
             "created_at": ts(day, f"1{i}:00"), "updated_at": ts(day, f"1{i}:00")}
            for i, (content, reason) in enumerate(revisions)]
    return {"uid": uid(name), "rotation": rotation, "patient": patient and uid(patient), "kind": kind, "title": title,
            "status": status, "copied_from": copied_from and uid(copied_from), "sections": sections,
            "created_at": ts(day, "06:40"), "updated_at": ts(day, "18:30"), "tags": sorted(tags), "revisions": revs}


def _reflection(name, rotation, week, day, tags=(), **fields):
    text = {f: fields.get(f, "") for f in ("went_well", "didnt_go_well", "learned_about_myself", "do_differently",
                                             "free_text")}
    return {"uid": uid(name), "rotation": rotation, "week": week, **text, "created_at": ts(day, "20:00"),
            "updated_at": ts(day, "21:00"), "tags": sorted(tags),
            "revisions": [{"uid": uid(f"{name}:rev0"), "content": {**text, "free_text": ""}, "reason": "save",
                           "created_at": ts(day, "20:30"), "updated_at": ts(day, "20:30")}]}


HP_TEXT = _sections(
    chief_complaint="Shortness of breath for 4 days.",
    hpi="67M with ischemic HFrEF (EF 30%) with **4 days** of worsening dyspnea, orthopnea (3 pillows) and 3 kg weight "
        "gain after running out of furosemide.\n\n<script>alert('pasted from chart')</script>\n\nDenies chest pain.",
    pmh="- Ischemic cardiomyopathy\n- CKD 3a\n- Type 2 diabetes",
    medications="1. Furosemide 40 mg PO daily (ran out)\n2. Carvedilol 12.5 mg BID\n3. Metformin 1 g BID",
    allergies="NKDA",
    physical_exam="JVP 12 cm, bibasilar crackles, 2+ pitting edema to the knees. SpO₂ 91% on room air.",
    assessment="ADHF, warm and wet, precipitated by diuretic non-adherence.",
    plan="- IV furosemide 80 mg BID, strict I/O, daily weights\n- Continue carvedilol\n- BMP + Mg every morning",
)
SOAP_TEXT = _sections(
    subjective="Slept flat overnight for the first time. Less dyspnea.",
    objective="Net -1.8 L, weight down 1.2 kg. K+ 3.6 → repleted.\n\n# Exam\nCrackles improved.",
    assessment="ADHF improving on IV diuresis. **Hypokalemia** from diuresis.",
    plan="Continue IV furosemide today; transition to PO tomorrow if euvolemic. Replete K+ ≥ 4.",
)
PROGRESS_TEXT = _sections(
    subjective="Cough improving, afebrile 24 h.",
    objective="T 37.2, HR 88, SpO₂ 95% RA.\n---\nWBC 11 → 8.",
    assessment="CAP, RLL, clinically stable.",
    plan="Switch to oral amoxicillin-clavulanate + azithromycin; plan discharge tomorrow.",
)
SURG_HP = _sections(
    chief_complaint="Right lower quadrant pain, 18 hours.",
    hpi="Periumbilical pain migrating to the RLQ, anorexia, one episode of emesis. Alvarado 8.",
    physical_exam="Tender at McBurney's point, positive Rovsing sign. Naïve to surgery.",
    assessment="Acute appendicitis, uncomplicated on CT.",
    plan="NPO, IV fluids, cefoxitin; laparoscopic appendectomy today.",
)


def sample_document() -> dict:
    """The sample export document (a new dict each call, safe to modify)."""
    rotations = [
        _rotation(IM, "Internal Medicine", "Riverside General", "Gold team", "2026-11-02", "2026-11-29", False),
        _rotation(SURG, "Surgery", "Lakeside Community Hospital", "Acute care surgery", "2026-11-30", "2026-12-27",
                  True),
    ]
    patients = [
        _patient("p:b12", IM, "B12", "67M", "CHF exacerbation", "2026-11-02", ts("2026-11-07", "15:00"),
                 tags=("cardio",)),
        _patient("p:b4", IM, "B4", "54F", "Community-acquired pneumonia", "2026-11-03"),
        _patient("p:b9", IM, "B9", "72M", "CHF exacerbation", "2026-11-10"),
        _patient("p:3w2", SURG, "3W-2", "38F", "Acute appendicitis", "2026-12-01", tags=("story",)),
    ]
    todos = [
        _todo("t:bmp", IM, "p:b12", "AM BMP + Mg on IV furosemide", "lab", "2026-11-03",
              due=ts("2026-11-04", "10:30"), done=ts("2026-11-04", "11:00")),
        _todo("t:echo", IM, "p:b12", "Review echo with the resident", "imaging", "2026-11-03",
              due=ts("2026-11-05", "14:00"), position=1),
        _todo("t:read", IM, None, "Read the ATS/IDSA CAP guideline", "task", "2026-11-04", position=2),
        _todo("t:path", SURG, "p:3w2", "Follow up appendix pathology", "follow-up", "2026-12-02",
              due=ts("2026-12-08", "16:00")),
    ]
    points = [
        _point("tp:diuresis", IM, "p:b12",
               "IV loop dose about **1-2.5×** the home oral dose; aim for net -1 to -2 L/day.",
               "Heart failure", "Attending rounds", True, "2026-11-03", tags=("cardio",)),
        _point("tp:gdmt", IM, None, "The four pillars of HFrEF therapy:\n\n- ARNI\n- beta-blocker\n- MRA\n- SGLT2i",
               "Heart failure", "ACC/AHA HF guideline", False, "2026-11-04", tags=("cardio", "interview")),
        _point("tp:present", IM, None, "Commit to an assessment out loud when presenting.", "", "PGY-2 resident",
               True, "2026-11-05"),
        _point("tp:alvarado", SURG, "p:3w2", "Alvarado ≥ 7 makes appendicitis likely.", "Appendicitis", "",
               True, "2026-12-01", tags=("story",)),
    ]
    questions = [
        _question("q:mra", IM, "p:b12", "When is it safe to start spironolactone in HFrEF?",
                  "If eGFR > 30 and K+ < 5.0. Recheck K+ and creatinine within **1 week**, then monthly.",
                  "2026-11-04", answered=ts("2026-11-05", "21:00")),
        _question("q:cap", IM, "p:b4", "How long to treat uncomplicated CAP?", "", "2026-11-05"),
        _question("q:abx", SURG, "p:3w2", "Do antibiotics alone work for uncomplicated appendicitis?",
                  "Often, but about 1 in 4 recur within a year; surgery stays the default here.", "2026-12-02",
                  answered=ts("2026-12-03", "20:00"), tags=("interview",)),
    ]
    notes = [
        _note("n:hp", IM, "p:b12", "hp", "Admission H&P", "final", "2026-11-02", HP_TEXT,
              revisions=[(_sections(chief_complaint="SOB"), "save")]),
        _note("n:soap", IM, "p:b12", "soap", "", "reviewed", "2026-11-03", SOAP_TEXT, tags=("story",),
              revisions=[(_sections(subjective="Slept better."), "save"),
                         (_sections(subjective="Slept flat."), "review")]),
        _note("n:progress", IM, "p:b4", "progress", "Day 3 progress", "draft", "2026-11-05", PROGRESS_TEXT),
        _note("n:surg-hp", SURG, "p:3w2", "hp", "Appendicitis H&P", "draft", "2026-12-01", SURG_HP,
              tags=("interview",)),
    ]
    reflections = [
        _reflection("r:w44", None, "2026-W44", "2026-11-01",
                    went_well="Finished orientation and EMR training.",
                    learned_about_myself="I prepare better when I write the plan **before** rounds.",
                    do_differently="Arrive 45 minutes early on day one."),
        _reflection("r:w46", IM, "2026-W46", "2026-11-15", tags=("interview",),
                    went_well="Presented B12 on rounds with a clear assessment and plan.",
                    didnt_go_well="Missed the overnight K+ of 3.4 until the resident asked.",
                    learned_about_myself="I ask for help earlier than I used to, and it makes the team safer.",
                    do_differently="- Check every overnight lab before pre-rounds\n- Write K+ and Mg on my list",
                    free_text="Tired but happy."),
        _reflection("r:w49", SURG, "2026-W49", "2026-12-06",
                    went_well="Closed skin in the OR for the first time.",
                    didnt_go_well="Lost track of a pathology result.",
                    do_differently="Keep a follow-up list for pathology."),
    ]
    for group in (patients, todos, points, questions, notes):
        group.sort(key=lambda e: (e["created_at"], e["uid"]))
    names = sorted({t for group in (patients, todos, points, questions, notes, reflections) for e in group
                    for t in e["tags"]})
    tags = [{"name": n, "created_at": ts("2026-11-01", "06:00"), "updated_at": ts("2026-11-01", "06:00")}
            for n in names]
    return {"format": "clerkbook-export", "format_version": 1, "schema": "0003", "rotations": rotations,
            "patients": patients, "todos": todos, "teaching_points": points, "questions": questions, "notes": notes,
            "reflections": reflections, "tags": tags}


def empty_document() -> dict:
    """A document with nothing in it, as a brand-new notebook exports."""
    return {"format": "clerkbook-export", "format_version": 1, "schema": "0003", "rotations": [], "patients": [],
            "todos": [], "teaching_points": [], "questions": [], "notes": [], "reflections": [], "tags": []}


# --- reading what the renderers wrote ----------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict, str]:
    """A Markdown file's YAML front matter, parsed, and its body."""
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every heading CommonMark sees in ``markdown``, wherever it sits (list items too)."""
    tokens = markdown_parser().parse(markdown)
    return [(int(t.tag[1]), "".join(c.content for c in tokens[i + 1].children))
            for i, t in enumerate(tokens) if t.type == "heading_open"]


def assert_no_empty_headings(markdown: str) -> None:
    """Every heading has something under it before the next heading of its level or above."""
    tokens = markdown_parser().parse(markdown)
    blocks = [(int(t.tag[1]) if t.type == "heading_open" else 0) for t in tokens
              if t.type in ("heading_open", "paragraph_open", "bullet_list_open", "ordered_list_open", "hr")]
    for here, after in zip(blocks, blocks[1:] + [1]):
        assert not (here and after and after <= here), "a heading with nothing under it"


def headings_in_lists(markdown: str) -> list[str]:
    """The text of headings that sit inside list items: user text that broke out of its bullet."""
    depth, found = 0, []
    tokens = markdown_parser().parse(markdown)
    for i, token in enumerate(tokens):
        depth += {"list_item_open": 1, "list_item_close": -1}.get(token.type, 0)
        if token.type == "heading_open" and depth:
            found.append(tokens[i + 1].content)
    return found


def html_text(html: str) -> str:
    """The text a reader sees in ``html``, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def assert_self_contained(html: str) -> None:
    """The page runs nothing and loads nothing: no scripts or remote resources, only in-page links."""
    assert not re.search(r"<\s*(script|link|iframe|img|object|embed|base|meta\s+http-equiv=\"refresh)", html, re.I)
    styles = " ".join(re.findall(r"<style>(.*?)</style>", html, re.S)).lower()
    assert "url(" not in styles and "@import" not in styles and "@font-face" not in styles
    assert not re.search(r"<[^>]+\sstyle\s*=", html, re.I)
    tags = " ".join(re.findall(r"<[a-zA-Z][^>]*>", html))  # real tags only: typed text arrives as &lt;...
    for value in re.findall(r"\b(?:href|src|srcset|action|poster|data)\s*=\s*[\"']?([^\"' >]*)", tags, re.I):
        assert value.startswith("#"), value
        assert "http:" not in value and "https:" not in value and "//" not in value
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    for anchor in re.findall(r'href="#([^"]*)"', html):
        assert anchor in ids


def open_collection(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    """The Anki collection inside an .apkg, opened from a copy under ``tmp_path``."""
    with zipfile.ZipFile(io.BytesIO(data)) as apkg:
        assert "collection.anki2" in apkg.namelist()
        path = tmp_path / "collection.anki2"
        path.write_bytes(apkg.read("collection.anki2"))
    return sqlite3.connect(path)
