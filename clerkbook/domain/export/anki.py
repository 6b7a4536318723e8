"""The Anki export: teaching points and answered questions as flashcards, one sub-deck per rotation.

Ids are stable so that importing a newer export updates the cards already in Anki instead of adding copies:
the note types have fixed ids, a rotation's deck id comes from its uid, and each note's guid from its entry's uid.
genanki is optional (the "anki" extra) and imported only when this export runs.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import sqlite3
import tempfile
import zipfile
from datetime import datetime, tzinfo
from html import escape
from pathlib import Path

from clerkbook.domain.export.html import fragment
from clerkbook.domain.export.render_util import (
    UTC,
    DocIndex,
    clean,
    first_words,
    headline,
    rotation_name,
    slugify,
    tags_of,
)

#: Never change these: Anki recognises the note types (and the parent deck) by id across imports.
POINT_MODEL_ID = 1739204417
QUESTION_MODEL_ID = 1739204418
PARENT_DECK_ID = 1739204400
# Only used for an export with no dated entries, so that the file is still the same every time.
_FALLBACK_TIMESTAMP = 1767225600.0  # 2026-01-01T00:00:00Z
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: A front longer than this stops being a prompt and becomes the answer.
FRONT_WORDS = 12

_CSS = """.card { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 18px;
  line-height: 1.45; text-align: left; color: #1d232a; background: #fff; }
.front { font-weight: 600; }
.rotation, .source { margin-top: .6em; font-size: .8em; color: #56636f; }
.nightMode .card, .card.nightMode { color: #e6e9ec; background: #1e2227; }
"""


class ExportUnavailable(Exception):
    """An export format needs an optional package that is not installed."""


def deck_id(rotation_uid: str) -> int:
    """A rotation's deck id, the same in every export: its uid's first 32 bits, above Anki's reserved ids."""
    try:
        bits = int(rotation_uid[:8], 16)
    except ValueError:
        bits = int(hashlib.sha256(rotation_uid.encode()).hexdigest()[:8], 16)
    return (1 << 32) + bits


def anki_tag(name: str) -> str:
    """An Anki tag: no spaces allowed, so runs of whitespace become underscores."""
    return re.sub(r"\s+", "_", name.strip())


def point_front(point: dict) -> str:
    """The prompt of a teaching point's card: its first sentence, up to 12 words.

    A point that is one short sentence would show its whole answer on the front, so its front is the topic and
    the first few words instead: "Appendicitis — Alvarado ≥ 7 makes…".
    """
    text = point.get("text") or ""
    first = headline(text, FRONT_WORDS)
    words = first_words(text, 10_000).split()
    several_lines = len([line for line in text.splitlines() if line.strip()]) > 1
    if several_lines or len(words) > len(first.rstrip("…").split()):
        return first
    shown = min(4, len(words) - 1)
    cue = " ".join(words[:shown]).rstrip(",;:") + "…" if shown > 0 else ""
    topic = clean(point.get("topic"))
    return " — ".join(x for x in (topic, cue) if x) or "Teaching point"


def unique_front(front: str, hints: list[str], taken: set[str]) -> str:
    """``front``, or when another card already has it, ``front`` told apart by a hint ("(cardio)") or a number.

    Anki flags notes of one type whose first fields match as duplicates; ``taken`` (casefolded) is updated.
    """
    hinted = [f"{front} ({hint})" for hint in hints if hint]
    numbered = (f"{front} ({n})" for n in itertools.count(2))
    for candidate in itertools.chain([front], hinted, numbered):
        if candidate.casefold() not in taken:
            taken.add(candidate.casefold())
            return candidate
    raise AssertionError("unreachable: the numbered candidates never run out")


def _models(genanki):
    point = genanki.Model(
        POINT_MODEL_ID, "clerkbook teaching point",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}, {"name": "Rotation"}],
        templates=[{"name": "Teaching point",
                    "qfmt": '<div class="front">{{Front}}</div><div class="rotation">{{Rotation}}</div>',
                    "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'
                            '{{#Source}}<div class="source">Source: {{Source}}</div>{{/Source}}'}],
        css=_CSS)
    question = genanki.Model(
        QUESTION_MODEL_ID, "clerkbook question",
        fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Rotation"}],
        templates=[{"name": "Question",
                    "qfmt": '<div class="front">{{Question}}</div><div class="rotation">{{Rotation}}</div>',
                    "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}'}],
        css=_CSS)
    return point, question


def _timestamp(entries: list[dict]) -> float:
    # The newest edit among the cards stands in for "now", so the same notebook always gives the same file.
    stamps = [e.get("updated_at") or e.get("created_at") for e in entries]
    stamps = [s for s in stamps if s]
    if not stamps:
        return _FALLBACK_TIMESTAMP
    return datetime.fromisoformat(max(stamps).replace("Z", "+00:00")).timestamp()


def _deck_names(index: DocIndex) -> dict[str, str]:
    names: dict[str, str] = {}
    taken: set[str] = set()
    for rot in index.rotations:
        # "::" would nest a deck one level deeper than meant.
        name = "clerkbook::" + rotation_name(rot).replace("::", ":")
        if name in taken:
            name += f" ({rot.get('start_date')})"
        taken.add(name)
        names[rot["uid"]] = name
    return names


def render_anki(doc: dict, *, title: str = "clerkbook export", tz: tzinfo = UTC) -> dict[str, bytes]:
    """The document's teaching points and answered questions as ``clerkbook.apkg``.

    One card per teaching point (front: see :func:`point_front`, with "topic · rotation" beneath it; back: the
    full text and source) and per answered question (front: the question; back: the answer), every front
    unique in the file (:func:`unique_front`), in "clerkbook::<Rotation name>" decks, tagged with the entry's
    tags (spaces made underscores) and the rotation's slug. ``tz`` is accepted for a uniform renderer signature; cards show
    no dates. An entry whose text or answer is blank makes no card. Raises :class:`ExportUnavailable` when
    genanki is not installed.
    """
    try:
        import genanki
    except ImportError as exc:
        raise ExportUnavailable("Anki export needs the 'anki' extra: pip install 'clerkbook[anki]'") from exc

    index = DocIndex(doc)
    point_model, question_model = _models(genanki)
    parent = genanki.Deck(PARENT_DECK_ID, "clerkbook", description=escape(title))
    names = _deck_names(index)
    decks = {uid: genanki.Deck(deck_id(uid), name) for uid, name in names.items()}

    def tags_for(entry: dict) -> list[str]:
        rot = index.rotation(entry)
        tags = [anki_tag(t) for t in tags_of(entry)] + ([slugify(rotation_name(rot))] if rot else [])
        return list(dict.fromkeys(t for t in tags if t))

    def deck_for(entry: dict):
        return decks.get(index.rotation_uid(entry) or "", parent)

    def where(entry: dict) -> str:
        rot = index.rotation(entry)
        return escape(rotation_name(rot)) if rot else ""

    def rotation_hint(entry: dict) -> str:
        rot = index.rotation(entry)
        return rotation_name(rot) if rot else ""

    carded: list[dict] = []
    taken: set[str] = set()
    for point in index.points:
        if not (point.get("text") or "").strip():
            continue
        topic = clean(point.get("topic"))
        front = unique_front(point_front(point), [topic, rotation_hint(point)], taken)
        # The topic rides in the Rotation field: a new field would change the note type Anki already knows.
        context = " · ".join(x for x in (escape(topic), where(point)) if x)
        fields = [escape(front), fragment(point["text"]), escape(clean(point.get("source"))), context]
        deck_for(point).add_note(genanki.Note(model=point_model, fields=fields, tags=tags_for(point),
                                              guid=genanki.guid_for(point["uid"])))
        carded.append(point)
    for question in index.questions:
        if question.get("status") != "answered" or not clean(question.get("text")) \
                or not (question.get("answer") or "").strip():
            continue
        front = unique_front(clean(question["text"]), [rotation_hint(question)], taken)
        fields = [escape(front), fragment(question["answer"]), where(question)]
        deck_for(question).add_note(genanki.Note(model=question_model, fields=fields, tags=tags_for(question),
                                                 guid=genanki.guid_for(question["uid"])))
        carded.append(question)

    package = genanki.Package([parent, *decks.values()])
    return {"clerkbook.apkg": _package_bytes(package, _timestamp(carded))}


def _package_bytes(package, timestamp: float) -> bytes:
    # Package.write_to_file leaves its scratch database behind in the system temp folder and stamps the zip
    # with the current time; building the collection here keeps the temp folder clean and the bytes stable.
    with tempfile.TemporaryDirectory(prefix="clerkbook-anki-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        collection = db_path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as apkg:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            apkg.writestr(info, data)
    return buffer.getvalue()
