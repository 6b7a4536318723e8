"""A hand-built export document for renderer tests: fictional, de-identified, shaped exactly as the export spec says.

Two rotations, patients (one discharged), to-dos done and open, teaching points starred and not, open and
answered questions, SOAP / H&P / progress notes with revisions, "story" and "interview" tags, reflections for two
weeks and one written outside any rotation. Some text is Markdown (lists, bold), one note holds a raw <script>,
one section a line "---", and there is non-ASCII text (SpO₂, naïve, ≥). Format version 2 adds, across both
rotations: procedures of every role (IV placement four times, in both), feedback acted on and not, two letters,
five contacts (one of no rotation), a pre-rotation checklist, two certifications, a daily log (one day of no
rotation) and two patient sign-outs; a procedure note, a feedback, a daily log entry and a sign-out hold raw
<script> or Markdown headings too. Clinicians are fictional. Below it, helpers that read what the renderers wrote
back (front matter, headings, page text, the Anki collection).
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
SCHEMA = "0007"  # the migration that made the last of issue 7's tables
#: The lists a version-2 document adds (issue 7), in the document's order.
NEW_LISTS = ("procedures", "feedback", "letters", "contacts", "checklist_items", "certifications", "daily_entries",
             "patient_signouts")


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


def _stamps(day: str, clock: str) -> dict[str, str]:
    return {"created_at": ts(day, clock), "updated_at": ts(day, clock)}


def _procedure(name, rotation, patient, what, day, role, supervisor, notes=""):
    return {"uid": uid(name), "rotation": rotation, "patient": patient and uid(patient), "name": what,
            "procedure_date": day, "role": role, "supervisor": supervisor, "notes": notes, **_stamps(day, "17:00")}


def _feedback(name, rotation, day, giver, context, said, will_change, acted=None, acted_text=""):
    return {"uid": uid(name), "rotation": rotation, "received_date": day, "giver": giver, "context": context,
            "said": said, "will_change": will_change, "acted_date": acted, "acted_text": acted_text,
            "created_at": ts(day, "18:00"), "updated_at": ts(acted or day, "18:00")}


def _letter(name, rotation, attending, status, day, asked=None, deadline=None, sent=(False, False, False), notes=""):
    cv, statement, cases = sent
    return {"uid": uid(name), "rotation": rotation, "attending": attending, "status": status, "asked_date": asked,
            "deadline_date": deadline, "sent_cv": cv, "sent_statement": statement, "sent_cases": cases,
            "notes": notes, **_stamps(day, "19:00")}


def _contact(name, rotation, who, role, day, notes="", thanked=None, update=None):
    return {"uid": uid(name), "rotation": rotation, "name": who, "role": role, "notes": notes,
            "thanked_date": thanked, "last_update_date": update, **_stamps(day, "19:30")}


def _check(name, rotation, what, status, position, done=None, notes=""):
    return {"uid": uid(name), "rotation": rotation, "name": what, "status": status, "done_date": done,
            "notes": notes, "position": position, **_stamps("2026-10-15", "10:00")}


def _daily(rotation, day, **fields):
    text = {f: fields.get(f, "") for f in ("diagnoses", "management", "mistakes", "questions")}
    return {"uid": uid(f"d:{day}"), "rotation": rotation, "entry_date": day, **text, **_stamps(day, "21:30")}


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
    procedures = [
        _procedure("pr:iv1", IM, "p:b12", "IV placement", "2026-11-03", "performed", "Charge nurse",
                   "22G left forearm, first pass."),
        _procedure("pr:abg1", IM, "p:b4", "ABG", "2026-11-04", "observed", "PGY-2 resident",
                   "Radial; modified Allen test first."),
        _procedure("pr:iv2", IM, "p:b4", "IV placement", "2026-11-04", "assisted", "Charge nurse"),
        _procedure("pr:abg2", IM, None, "ABG", "2026-11-10", "performed", "PGY-2 resident"),
        _procedure("pr:iv3", IM, "p:b9", "IV placement", "2026-11-11", "performed", "Charge nurse",
                   "# Tip\nAnchor the vein <script>alert('iv')</script> **below** the site."),
        _procedure("pr:para", IM, None, "Paracentesis", "2026-11-12", "observed", "Dr. Amara Okafor"),
        _procedure("pr:or1", SURG, "p:3w2", "Assisting in the OR", "2026-12-01", "assisted", "Dr. Lena Whitford",
                   "Laparoscopic appendectomy: camera, then retraction."),
        _procedure("pr:suture", SURG, None, "Suturing", "2026-12-03", "performed", "PGY-3 resident",
                   "Closed a 4 cm port site, subcuticular."),
        _procedure("pr:iv4", SURG, "p:3w2", "IV placement", "2026-12-04", "performed", "Charge nurse"),
    ]
    feedback = [
        _feedback("f:present", IM, "2026-11-06", "Priya Raman (PGY-2)", "after presenting B12 on rounds",
                  "Your presentations are thorough but long; the assessment gets lost at the end. Lead with it.",
                  "Lead with a one-line assessment, then the plan by problem.", "2026-11-09",
                  "Presented B4 with the one-liner first; the resident said it was much easier to follow."),
        _feedback("f:midpoint", IM, "2026-11-16", "Dr. Amara Okafor", "mid-rotation feedback",
                  "Good rapport with families. **Read more** on your own patients before rounds.\n\n"
                  "<script>alert('feedback')</script>\n# Not a heading",
                  "- Read one focused review a night\n- Start with the main problem"),
        _feedback("f:or", SURG, "2026-12-02", "Dr. Lena Whitford", "in the OR",
                  "Know the anatomy before the case, and keep the camera on the working instruments.",
                  "Review the operative steps the night before each case.", "2026-12-04",
                  "Reviewed the appendix's blood supply before the next case; I held the camera throughout."),
    ]
    letters = [
        _letter("l:okafor", IM, "Dr. Amara Okafor", "agreed", "2026-11-24", asked="2026-11-24",
                deadline="2026-12-15", sent=(True, True, False), notes="Internal medicine letter for the application."),
        _letter("l:whitford", SURG, "Dr. Lena Whitford", "to-ask", "2026-12-05", deadline="2027-01-15",
                notes="Ask in the last two weeks, with the key cases list."),
    ]
    contacts = [
        _contact("c:okafor", IM, "Dr. Amara Okafor", "attending", "2026-11-02",
                 "Cardiology interest; offered to read my personal statement.", thanked="2026-11-28",
                 update="2026-12-20"),
        _contact("c:whitford", SURG, "Dr. Lena Whitford", "attending", "2026-11-30", "Let me close port sites."),
        _contact("c:ellis", IM, "Jordan Ellis", "coordinator", "2026-11-02", "Evaluations and schedule questions.",
                 thanked="2026-11-29"),
        _contact("c:raman", IM, "Priya Raman", "resident", "2026-11-02", "Taught me the one-liner presentation."),
        _contact("c:ortiz", None, "Sam Ortiz", "other", "2026-10-20", "Student affairs advisor."),
    ]
    checklist_items = [
        _check("ck:imm", IM, "Immunization records", "done", 0, done="2026-10-20"),
        _check("ck:bg", IM, "Background check", "done", 1, done="2026-10-22", notes="Cleared by the school."),
        _check("ck:fit", SURG, "Fit test (N95)", "requested", 0, notes="Booked with occupational health."),
        _check("ck:ins", SURG, "Insurance", "needed", 1),
    ]
    certifications = [
        {"uid": uid("cert:acls"), "name": "ACLS", "expires_date": "2028-06-30", "notes": "",
         **_stamps("2026-06-30", "12:00")},
        {"uid": uid("cert:bls"), "name": "BLS", "expires_date": "2028-03-01", "notes": "American Heart Association.",
         **_stamps("2026-03-01", "12:00")},
    ]
    daily_entries = [
        _daily(IM, "2026-11-03", diagnoses="ADHF", management="IV loop dose about 2.5× the home oral dose.",
               mistakes="Forgot to check the overnight K+ before pre-rounds.", questions="When to add metolazone?"),
        _daily(IM, "2026-11-04", management="Replete K+ to ≥ 4 in heart failure.",
               mistakes="# Never again\n- Presenting without a **plan**\n- <script>alert('daily')</script>"),
        _daily(IM, "2026-11-05", diagnoses="Community-acquired pneumonia, RLL"),
        _daily(None, "2026-11-29", management="Reviewed the sepsis bundle before starting surgery."),
        _daily(SURG, "2026-12-02", mistakes="Lost track of a pathology result; now on my follow-up list."),
    ]
    patient_signouts = [
        {"uid": uid("so:b4"), "patient": uid("p:b4"), "severity": "stable", "contingency": "",
         **_stamps("2026-11-05", "17:30")},
        {"uid": uid("so:b9"), "patient": uid("p:b9"), "severity": "watcher",
         "contingency": "If SBP < 90, hold carvedilol and call the resident.\n\n# If K+ < 3.5\nReplete 40 mEq PO.",
         **_stamps("2026-11-10", "17:30")},
    ]
    for group in (patients, todos, points, questions, notes):
        group.sort(key=lambda e: (e["created_at"], e["uid"]))
    procedures.sort(key=lambda e: (e["procedure_date"], e["created_at"], e["uid"]))
    feedback.sort(key=lambda e: (e["received_date"], e["created_at"], e["uid"]))
    letters.sort(key=lambda e: (e["created_at"], e["uid"]))
    contacts.sort(key=lambda e: (e["name"], e["created_at"], e["uid"]))
    certifications.sort(key=lambda e: (e["name"], e["created_at"], e["uid"]))
    names = sorted({t for group in (patients, todos, points, questions, notes, reflections) for e in group
                    for t in e["tags"]})
    tags = [{"name": n, "created_at": ts("2026-11-01", "06:00"), "updated_at": ts("2026-11-01", "06:00")}
            for n in names]
    return {"format": "clerkbook-export", "format_version": 2, "schema": SCHEMA, "rotations": rotations,
            "patients": patients, "todos": todos, "teaching_points": points, "questions": questions, "notes": notes,
            "reflections": reflections, "procedures": procedures, "feedback": feedback, "letters": letters,
            "contacts": contacts, "checklist_items": checklist_items, "certifications": certifications,
            "daily_entries": daily_entries, "patient_signouts": patient_signouts, "tags": tags}


def version_1(doc: dict) -> dict:
    """``doc`` as a version-1 export wrote it: none of issue 7's lists."""
    return {k: v for k, v in doc.items() if k not in NEW_LISTS} | {"format_version": 1}


def empty_document() -> dict:
    """A document with nothing in it, as a brand-new notebook exports."""
    return {"format": "clerkbook-export", "format_version": 2, "schema": SCHEMA, "rotations": [], "patients": [],
            "todos": [], "teaching_points": [], "questions": [], "notes": [], "reflections": [],
            **{name: [] for name in NEW_LISTS}, "tags": []}


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
