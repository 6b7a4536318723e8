"""The fast-capture grammar shared by the app's capture line and ``clerkbook capture``.

One line, typed on the move between patients, becomes one entry::

    t B12: f/u K+ @4pm                       to-do (lab) for B12, due 4 p.m.
    t lab B12: BMP @in 2h                    to-do with its kind given
    p #cardio Beta-blockers after MI reduce mortality — Dr K
                                             teaching point, topic cardio, source Dr K
    p* B12: Spironolactone raises K+ — resident
                                             starred teaching point for B12
    q Why spironolactone in HFrEF?           question to research

The grammar, piece by piece (whitespace runs count as one space; case does not matter for key words):

* **First word** says what the line is: ``t``/``todo`` (to-do), ``p``/``point``/``tp`` (teaching point),
  ``q``/``question`` (question); a trailing ``:`` on it is allowed (``q: why ...``). ``p*`` (or ``point*``,
  ``tp*``, a lone ``*`` as the first word, or a lone ``*`` right after ``p``) is a *starred* point.
* **Kind word** (to-dos only): an optional word straight after ``t``: ``lab``/``labs``, ``imaging``,
  ``consult``, ``task``, ``fu``/``follow-up``/``followup``. It is a marker and is not kept in the text.
  Without one, the kind is inferred from the text (:func:`infer_todo_kind`).
* **Patient prefix** (all three): a bed label then ``:``, as in ``B12:``, ``12B:``, ``Bed 4:``, ``ICU-3:``.
  The part before the first ``:`` counts only if it looks like a bed: ASCII letters and digits in at most
  two words (joined by a space or hyphen), at most 12 characters, with a digit, and not a counter such as
  ``Day 2`` or ``POD 3``. So ``Note: call pharmacy`` and ``call at 10:30`` have no patient.
* **Due time** (to-dos only): everything after the LAST ``@`` that starts a word (``' @'``), read by
  :func:`clerkbook.domain.dates.parse_when`. An ``@`` inside a word never counts. In points and questions
  ``@`` is ordinary text.
* **Tags** (points only): ``#word`` tokens anywhere (a letter first, so ``#2`` stays text; trailing
  ``.,;:!?`` is dropped with the tag). The first tag is the topic. In to-dos and questions ``#`` is text.
* **Source** (points only): the text after the LAST spaced dash at the end of the line: ``' — '``,
  ``' – '``, ``' -- '`` or ``' - '``, if it is at most 40 characters. A single spaced hyphen is also
  common shorthand inside a sentence ("K+ 3.2 - replete"), so it counts only when what follows looks like
  an attribution: at most four words, no digits, and starting with a capital letter ("Dr K") or a role
  word ("resident", "attending", "reading", ...). A hyphen inside a word ("beta-blocker") never splits.

Everything is pure: :func:`parse_capture` needs only the line and ``now``; :func:`save_capture` is the
one function that touches a notebook.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from clerkbook.domain.dates import DateParseError, parse_when

if TYPE_CHECKING:  # the domain layer must import without the store (and its database libraries)
    from clerkbook.store import Notebook

__all__ = ["Capture", "CaptureError", "infer_todo_kind", "parse_capture", "save_capture"]

# TodoKind values, spelled out here so the domain layer does not import the models (and sqlmodel).
# A test checks they match clerkbook.models.TodoKind.
LAB, IMAGING, CONSULT, TASK, FOLLOW_UP = "lab", "imaging", "consult", "task", "follow-up"
TODO_KINDS = (LAB, IMAGING, CONSULT, TASK, FOLLOW_UP)

_PREFIXES = {
    "t": "todo", "todo": "todo",
    "p": "point", "point": "point", "tp": "point",
    "q": "question", "question": "question",
}
_STARRED_PREFIXES = {"*", "p*", "point*", "tp*"}
START_HINT = "Start with t (to-do), p (teaching point) or q (question)."

_KIND_WORDS = {
    "lab": LAB, "labs": LAB, "imaging": IMAGING, "consult": CONSULT, "task": TASK,
    "fu": FOLLOW_UP, "follow-up": FOLLOW_UP, "followup": FOLLOW_UP,
}

# Words the team uses for each kind. Matched as whole words, case-insensitively, after trimming
# punctuation around them (but keeping '+' and '/', which carry meaning in "K+" and "f/u").
_LAB_WORDS = frozenset(
    "lab labs cbc bmp cmp k+ mg mg2+ phos ca2+ trop troponin trops lactate culture cultures bcx ucx inr pt/inr "
    "ptt coags abg vbg a1c hba1c lft lfts lipase bnp tsh ua hgb h/h cr bun ck procal crp esr d-dimer ammonia "
    "vanc vanco level levels".split()
)
_IMAGING_WORDS = frozenset(
    "ct cta mri mra mrcp xr cxr x-ray xray ultrasound echo tte tee kub duplex doppler imaging hida "
    "fluoro films".split()
)
_CONSULT_WORDS = frozenset("consult consults call page paged".split())
_FOLLOW_UP_WORDS = frozenset("f/u fu follow-up followup".split())
# Counters people write before a number and a colon ("Day 2: ...", "POD 3: ..."): never a bed.
_NOT_BED_WORDS = frozenset("day pod hd dose step week".split())
# Roles and places a teaching point comes from, accepted after a bare " - " even in lower case.
_SOURCE_WORDS = frozenset(
    "attending resident intern fellow senior chief nurse pharmacist pharmacy reading lecture rounds "
    "uptodate textbook pimp conference".split()
)

_BED = re.compile(r"[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*", re.ASCII)
_MAX_BED = 12
_MAX_SOURCE = 40
# An '@' that starts a word: at the start of the rest of the line or after a space.
_AT = re.compile(r"(?:^| )@")
_TAG = re.compile(r"(?:^| )#([^\W\d_][\w-]*)[.,;:!?]*(?= |$)")
_SOURCE_SPLIT = re.compile(r" (—|–|--|-) ")


class CaptureError(ValueError):
    """A capture line that was not understood.

    ``str(err)`` is ONE line saying what was not understood, fit to show under the capture line.
    ``line`` is the original text exactly as given, so the UI can put it back for correcting.
    """

    def __init__(self, message: str, line: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Capture:
    """What one capture line will save. ``patient`` is the bed label as typed (e.g. "B12")."""

    kind: Literal["todo", "point", "question"]
    text: str
    patient: str | None = None
    todo_kind: str | None = None
    due: datetime | None = None
    topic: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    starred: bool = False

    def describe(self, now: datetime | None = None) -> str:
        """One line saying what will be saved, e.g. "To-do (lab) for B12, due 16:00: f/u K+".

        With ``now``, the due time is shown as people say it ("16:00", "tomorrow 07:00", "Mon 08:00",
        "3 Dec 14:30"); without it, as "2026-11-25 16:00".
        """
        patient = f" for {self.patient}" if self.patient else ""
        if self.kind == "todo":
            due = f", due {_due_label(self.due, now)}" if self.due is not None else ""
            return f"To-do ({self.todo_kind or TASK}){patient}{due}: {self.text}"
        if self.kind == "point":
            details = ["starred"] if self.starred else []
            details += [" ".join(f"#{tag}" for tag in self.tags)] if self.tags else []
            details += [f"from {self.source}"] if self.source else []
            extra = f" ({'; '.join(details)})" if details else ""
            return f"Teaching point{extra}{patient}: {self.text}"
        return f"Question{patient}: {self.text}"


# Fixed English names: strftime's %a and %b follow the machine's locale.
_DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _due_label(due: datetime, now: datetime | None) -> str:
    if now is None:
        return f"{due:%Y-%m-%d %H:%M}"
    local = due.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    clock = f"{local:%H:%M}"
    if days == 0:
        return clock
    if days == 1:
        return f"tomorrow {clock}"
    if 1 < days < 7:
        return f"{_DAY_ABBR[local.weekday()]} {clock}"
    year = f" {local.year}" if local.year != now.year else ""
    return f"{local.day} {_MONTH_ABBR[local.month - 1]}{year} {clock}"


def _shown(text: str) -> str:
    # Echo a fragment of the user's line in an error, short enough to stay one readable line.
    return text if len(text) <= 40 else text[:39] + "…"


def infer_todo_kind(text: str) -> str:
    """Guess a to-do's kind from its words.

    The first lab, imaging or consult word in reading order decides ("call radiology re CT" is a consult,
    "CT then call surgery" is imaging). "f/u" and "follow up" mean follow-up only when no such word appears,
    since people write "f/u K+" for a lab and "f/u CT read" for imaging. Anything else is a task. "US"
    (ultrasound) counts only in capitals, so "tell us" stays a task.
    """
    follow_up = False
    previous = ""
    for raw in text.split():
        bare = _bare(raw)
        word = bare.lower()
        if word in _LAB_WORDS:
            return LAB
        if word in _IMAGING_WORDS or bare == "US":
            return IMAGING
        if word in _CONSULT_WORDS:
            return CONSULT
        if word in _FOLLOW_UP_WORDS or (previous == "follow" and word == "up"):
            follow_up = True
        previous = word
    return FOLLOW_UP if follow_up else TASK


def _bare(word: str) -> str:
    """``word`` without the punctuation around it, keeping '+' and '/' ("K+,", "(f/u)" -> "K+", "f/u").

    A plain loop rather than a regex: trimming the end with a regex is quadratic on long runs of punctuation.
    """
    def keep(c: str) -> bool:
        return c.isalnum() or c in "_+/"

    start, end = 0, len(word)
    while start < end and not keep(word[start]):
        start += 1
    while end > start and not keep(word[end - 1]):
        end -= 1
    return word[start:end]


def _is_bed(label: str) -> bool:
    words = label.split(" ")
    return (
        0 < len(label) <= _MAX_BED
        and len(words) <= 2
        and _BED.fullmatch(label) is not None
        and any(c.isdigit() for c in label)
        and words[0].lower() not in _NOT_BED_WORDS
    )


def _split_patient(rest: str) -> tuple[str | None, str]:
    """Take a leading "B12:" off ``rest``; return (bed label or None, what follows)."""
    colon = rest.find(":")
    if colon < 0:
        return None, rest
    # "10:30" is a clock time, never a bed followed by text.
    if 0 < colon < len(rest) - 1 and rest[colon - 1].isdigit() and rest[colon + 1].isdigit():
        return None, rest
    label = rest[:colon].strip()
    if not _is_bed(label):
        return None, rest
    return label, rest[colon + 1:].strip()


def _split_due(rest: str, line: str, now: datetime) -> tuple[datetime | None, str]:
    """Take the due part (after the last word-initial '@') off ``rest``."""
    matches = list(_AT.finditer(rest))
    if not matches:
        return None, rest
    at = matches[-1]
    phrase = rest[at.end():].strip()
    if not phrase:
        raise CaptureError("Due time: nothing after '@'; write e.g. '@4pm', '@tomorrow 7am' or '@in 2h'.", line)
    try:
        due = parse_when(phrase, now)
    except DateParseError as err:
        raise CaptureError(f"Due time: {err}", line) from None
    return due, rest[:at.start()].strip()


def _split_tags(rest: str) -> tuple[tuple[str, ...], str]:
    """Take the #tags out of ``rest``; return them (lower-case, no '#', first seen first) and the rest."""
    tags = tuple(dict.fromkeys(m.group(1).lower() for m in _TAG.finditer(rest)))
    return tags, " ".join(_TAG.sub(" ", rest).split())


def _looks_like_source(tail: str, dash: str) -> bool:
    if not tail or len(tail) > _MAX_SOURCE:
        return False
    if dash != "-":
        return True
    words = tail.split()
    return (
        len(words) <= 4
        and not any(c.isdigit() for c in tail)
        and (tail[0].isupper() or _bare(words[0]).lower() in _SOURCE_WORDS)
    )


def _split_source(rest: str) -> tuple[str, str]:
    """Take a trailing " — Dr K" off ``rest``; return (source, text). Only the last dash is considered."""
    # A leading space lets a line that is only "— Dr K" count as a source with no text (an error).
    padded = f" {rest}"
    matches = list(_SOURCE_SPLIT.finditer(padded))
    if not matches:
        return "", rest
    last = matches[-1]
    tail = padded[last.end():].strip()
    if not _looks_like_source(tail, last.group(1)):
        return "", rest
    return tail, padded[:last.start()].strip()


def _need_text(text: str, what: str, line: str) -> str:
    if not text:
        raise CaptureError(f"{what} is empty: write it after the prefix, e.g. {_EXAMPLES[what]}", line)
    return text


_EXAMPLES = {
    "To-do text": "'t B12: f/u K+ @4pm'.",
    "Teaching point": "'p #cardio Beta-blockers after MI reduce mortality — Dr K'.",
    "Question": "'q Why spironolactone in HFrEF?'.",
}


def parse_capture(line: str, now: datetime) -> Capture:
    """Read one capture line (see the module docstring for the grammar) into a :class:`Capture`.

    ``now`` (timezone-aware) anchors due times such as "@4pm". For any ``str`` the only exception is
    :class:`CaptureError`, whose message is one line.
    """
    if not isinstance(line, str):
        raise CaptureError(f"Expected text, not {type(line).__name__}.", line)
    # Pasted text may carry tabs and line breaks: a capture line is one line, so they become spaces.
    rest = " ".join(line.split())
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in rest):
        # Escape codes and broken characters would garble the terminal wherever the entry is shown.
        raise CaptureError("The line contains control characters; type it again or paste plain text.", line)
    if not rest:
        raise CaptureError(START_HINT, line)
    first, _, rest = rest.partition(" ")
    word = first.lower()
    if word.endswith(":") and word != ":":
        word = word[:-1]
    starred = word in _STARRED_PREFIXES
    kind = "point" if starred else _PREFIXES.get(word)
    if kind is None:
        raise CaptureError(f"{START_HINT[:-1]}, not '{_shown(first)}'.", line)

    if kind == "todo":
        head, _, tail = rest.partition(" ")
        todo_kind = _KIND_WORDS.get(head.lower())
        if todo_kind is not None:
            rest = tail
        due, rest = _split_due(rest, line, now)
        patient, text = _split_patient(rest)
        text = _need_text(text, "To-do text", line)
        return Capture("todo", text, patient=patient, todo_kind=todo_kind or infer_todo_kind(text), due=due)

    if kind == "point":
        if rest == "*" or rest.startswith("* "):
            starred, rest = True, rest[1:].strip()
        tags, rest = _split_tags(rest)
        source, rest = _split_source(rest)
        patient, text = _split_patient(rest)
        text = _need_text(text, "Teaching point", line)
        return Capture("point", text, patient=patient, topic=tags[0] if tags else "", source=source, tags=tags,
                       starred=starred)

    patient, text = _split_patient(rest)
    return Capture("question", _need_text(text, "Question", line), patient=patient)


def save_capture(notebook: Notebook, capture: Capture):
    """Save ``capture`` in ``notebook`` and return the new row (Todo, TeachingPoint or Question).

    The patient is found by bed on the current rotation, or created there. Both happen in one transaction,
    so a failed save never leaves a new, empty patient behind. Store errors (no current rotation, ...)
    propagate as the store's own NotebookError.
    """
    with notebook.batch():
        patient_id = notebook.patient_for_label(capture.patient).id if capture.patient else None
        if capture.kind == "todo":
            return notebook.add_todo(capture.text, kind=capture.todo_kind or TASK, patient_id=patient_id,
                                     due_at=capture.due)
        if capture.kind == "point":
            return notebook.add_point(capture.text, topic=capture.topic, source=capture.source,
                                      patient_id=patient_id, starred=capture.starred, tags=capture.tags)
        return notebook.add_question(capture.text, patient_id=patient_id)
