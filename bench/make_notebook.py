"""Build a large, deterministic, fictional clerkbook notebook for the benchmark.

    python bench/make_notebook.py --entries 50000 --out /tmp/big.db [--seed 1] [--today 2026-11-26]

"Entries" are to-dos + teaching points + questions + notes + weekly reflections; the count is exact. The
notebook spans back-to-back rotations ending in exactly one current rotation (in its third week on --today),
whose first active patient has open to-dos. The whole notebook is written as one export document through
``Notebook.import_document`` (one transaction, the fastest way in). A manifest beside the file
(``PATH.manifest.json``) names what the benchmark waits for on screen.

The same --entries, --seed and --today always give the same document (uids included).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vocab import SITES, SOURCES, SPECIALTIES, TAGS, TOPICS, Writer  # noqa: E402

#: Bump when the generated notebook changes, so cached notebooks are rebuilt.
GENERATOR_VERSION = 6
TS = "%Y-%m-%dT%H:%M:%S.%fZ"
#: Share of each rotation's entries (reflections aside) by kind; to-dos take the rounding remainder.
SHARES = {"teaching_points": 0.14, "questions": 0.12, "notes": 0.34}
HP_LENGTHS = {  # (min, max) sentences: an H&P's HPI and exam are long, allergies a line
    "chief_complaint": (1, 1), "hpi": (5, 9), "pmh": (2, 4), "psh": (1, 2), "medications": (2, 4),
    "allergies": (1, 1), "social_history": (1, 3), "family_history": (1, 2), "ros": (2, 3),
    "physical_exam": (4, 7), "data": (3, 6), "assessment": (2, 4),
}
SOAP_LENGTHS = {"subjective": (1, 3), "objective": (2, 5), "assessment": (1, 3)}
SECTIONS = ("subjective", "objective", "assessment", "plan", "chief_complaint", "hpi", "pmh", "psh", "medications",
            "allergies", "social_history", "family_history", "ros", "physical_exam", "data")


def _ts(moment: datetime) -> str:
    return moment.strftime(TS)


class Builder:
    """Generates the export document, one rotation at a time, from one seeded random source."""

    def __init__(self, entries: int, seed: int, today: date) -> None:
        self.entries = entries
        self.rng = random.Random(seed)
        self.text = Writer(self.rng)
        # Everything happens before the start of --today (UTC): nothing in the notebook is in the future.
        self.now = datetime.combine(today, dtime(0, 0), tzinfo=timezone.utc)
        self.doc = {key: [] for key in ("rotations", "patients", "todos", "teaching_points", "questions", "notes",
                                        "reflections", "procedures", "feedback", "letters", "contacts",
                                        "checklist_items", "certifications", "daily_entries", "patient_signouts")}
        self.used_tags: set[str] = set()
        self.marker: dict = {}

    def uid(self) -> str:
        """A uuid4-shaped uid from the seeded source, so the document is reproducible."""
        return f"{self.rng.getrandbits(128):032x}"

    def moment(self, start: datetime, end: datetime) -> datetime:
        """A random moment in [start, end), in whole microseconds."""
        span = max(1, int((end - start).total_seconds() * 1_000_000))
        return start + timedelta(microseconds=self.rng.randrange(span))

    def tags(self, chance: float) -> list[str]:
        """Up to two tag names, with probability ``chance`` (remembered for the document's tag list)."""
        if self.rng.random() >= chance:
            return []
        names = sorted(set(self.rng.sample(TAGS, self.rng.randint(1, 2))))
        self.used_tags.update(names)
        return names

    # Layout ----------------------------------------------------------------------------------------------

    def plan_rotations(self) -> list[tuple[tuple, date, int, int]]:
        """(specialty, start Monday, weeks, weeks elapsed) per rotation, oldest first; the last is current."""
        count = max(6, math.ceil(self.entries / 2000))
        order = [SPECIALTIES[i % len(SPECIALTIES)] for i in range(count)]
        self.rng.shuffle(order)
        today = self.now.date()
        # The current rotation began on the Monday two weeks ago, so today is in its third week.
        start = today - timedelta(days=today.weekday() + 14)
        plans = [(order[-1], start, max(order[-1][2], 4), 3)]
        for specialty in reversed(order[:-1]):
            start -= timedelta(weeks=specialty[2])
            plans.append((specialty, start, specialty[2], specialty[2]))
        plans.reverse()
        return plans

    def build(self) -> dict:
        """The whole export document: every rotation, then the tag list."""
        plans = self.plan_rotations()
        reflections = sum(elapsed for *_rest, elapsed in plans)
        if self.entries < reflections + 40 * len(plans):
            raise SystemExit(f"--entries must be at least {reflections + 40 * len(plans)} for this layout")
        budgets = _split(self.entries - reflections, [elapsed for *_rest, elapsed in plans])
        for index, ((specialty, start, weeks, elapsed), budget) in enumerate(zip(plans, budgets)):
            self.rotation(specialty, start, weeks, elapsed, budget, current=index == len(plans) - 1)
        for key in ("patients", "todos", "teaching_points", "questions", "notes"):
            self.doc[key].sort(key=lambda entry: (entry["created_at"], entry["uid"]))
        self.doc["reflections"].sort(key=lambda entry: entry["week"])
        self.doc["tags"] = [{"name": name, "created_at": _ts(self.now - timedelta(days=900)),
                             "updated_at": _ts(self.now - timedelta(days=900))} for name in sorted(self.used_tags)]
        from clerkbook.store.exchange_format import FORMAT, FORMAT_VERSION
        from clerkbook.store.schema import HEAD
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "schema": HEAD, **self.doc}

    # One rotation ----------------------------------------------------------------------------------------

    def rotation(self, specialty: tuple, start: date, weeks: int, elapsed: int, budget: int, current: bool) -> None:
        """One rotation and everything written on it; ``budget`` entries besides its reflections."""
        name, service, _weeks = specialty
        rng = self.rng
        begin = datetime.combine(start, dtime(6, 0), tzinfo=timezone.utc)
        end = min(begin + timedelta(weeks=elapsed), self.now)
        rotation = {"uid": self.uid(), "specialty": name, "site": rng.choice(SITES), "service": service,
                    "start_date": start.isoformat(), "end_date": (start + timedelta(weeks=weeks, days=-3)).isoformat(),
                    "is_current": current, "created_at": _ts(begin - timedelta(days=2)),
                    "updated_at": _ts(begin - timedelta(days=2))}
        self.doc["rotations"].append(rotation)
        counts = {kind: int(budget * share) for kind, share in SHARES.items()}
        counts["todos"] = budget - sum(counts.values())
        patients = self.patients(rotation["uid"], begin, end, max(8, budget // 35), current)
        active = [p for p in patients if p["status"] == "active"]
        self.todos(rotation["uid"], patients, active, begin, end, counts["todos"])
        for _ in range(counts["teaching_points"]):
            self.point(rotation["uid"], patients, begin, end)
        for _ in range(counts["questions"]):
            self.question(rotation["uid"], patients, begin, end)
        last_note: dict[str, dict] = {}
        for _ in range(counts["notes"]):
            self.note(rotation["uid"], rng.choice(patients), last_note, current)
        for week in range(elapsed):
            monday = begin + timedelta(weeks=week)
            self.reflection(rotation["uid"], monday, end)

    def patients(self, rotation: str, begin: datetime, end: datetime, count: int, current: bool) -> list[dict]:
        """``count`` patients admitted over the rotation; on the current one the last six are still active."""
        rng = self.rng
        beds = [f"B{n}" for n in range(1, 41)]
        rng.shuffle(beds)
        out = []
        # On the current rotation the last six admitted are still on the list, in six different beds.
        active_from = count - 6 if current else count
        for index in range(count):
            if index >= active_from:
                admitted = self.moment(max(begin, end - timedelta(days=4)), end - timedelta(hours=2))
            else:
                admitted = self.moment(begin, end - timedelta(days=1))
            stay = timedelta(days=rng.randint(2, 8))
            discharged = None if index >= active_from else min(admitted + stay, end - timedelta(minutes=5))
            age = rng.randint(18, 88)
            patient = {"uid": self.uid(), "rotation": rotation, "bed": beds[index % len(beds)],
                       "age_sex": f"{age}{rng.choice('MF')}", "summary": self.text.one_liner(),
                       "status": "active" if discharged is None else "discharged",
                       "discharged_at": _ts(discharged) if discharged else None,
                       "created_at": _ts(admitted), "updated_at": _ts(discharged or admitted),
                       "tags": self.tags(0.1), "_in": admitted, "_out": discharged or end}
            out.append(patient)
        out.sort(key=lambda p: (p["created_at"], p["uid"]))
        self.doc["patients"].extend(out)
        return out

    def todos(self, rotation: str, patients: list[dict], active: list[dict], begin: datetime, end: datetime,
              count: int) -> None:
        """``count`` to-dos: a few open on the active patients (four on the first), the rest done."""
        rng = self.rng
        # A handful open: four on the first active patient (what the benchmark waits for), up to two on others.
        open_plan = [(active[0], 4)] + [(p, rng.randint(0, 2)) for p in active[1:]] if active else []
        rows = []
        for patient, how_many in open_plan:
            for _ in range(how_many):
                rows.append(self.todo(rotation, patient, patient["_in"], end, done=False))
        while len(rows) < count:
            patient = rng.choice(patients) if rng.random() < 0.85 else None
            start, stop = (patient["_in"], patient["_out"]) if patient else (begin, end)
            rows.append(self.todo(rotation, patient, start, stop, done=True))
        rows = rows[:count]
        rows.sort(key=lambda t: (t["created_at"], t["uid"]))
        for position, row in enumerate(rows, start=1):
            row["position"] = position
        if active:
            first = active[0]
            mine = [t for t in rows if t["patient"] == first["uid"] and t["done_at"] is None]
            self.marker = {"patient_label": f"{first['bed']} · {first['age_sex']} · {first['summary']}",
                           "first_open_todo": min(mine, key=lambda t: t["position"])["text"]}
        self.doc["todos"].extend(rows)

    def todo(self, rotation: str, patient: dict | None, start: datetime, stop: datetime, done: bool) -> dict:
        """One to-do created between ``start`` and ``stop``, done a little later or still open."""
        rng = self.rng
        created = self.moment(start, max(stop, start + timedelta(minutes=1)))
        created = min(created, self.now - timedelta(minutes=1))
        kind, text = self.text.todo()
        due = created + timedelta(hours=rng.randint(1, 30)) if rng.random() < 0.7 else None
        done_at = min(created + timedelta(minutes=rng.randint(10, 1800)), self.now - timedelta(seconds=1)) \
            if done else None
        if due is not None and not done and due < self.now:
            due = self.now + timedelta(hours=rng.randint(9, 20))  # open ones come due later today
        return {"uid": self.uid(), "rotation": rotation, "patient": patient["uid"] if patient else None, "text": text,
                "kind": kind, "due_at": _ts(due) if due else None, "done_at": _ts(done_at) if done_at else None,
                "position": 0, "created_at": _ts(created), "updated_at": _ts(done_at or created), "tags": []}

    def _patient_or_none(self, patients: list[dict], chance: float) -> dict | None:
        return self.rng.choice(patients) if self.rng.random() < chance else None

    def point(self, rotation: str, patients: list[dict], begin: datetime, end: datetime) -> None:
        """One teaching point."""
        rng = self.rng
        patient = self._patient_or_none(patients, 0.4)
        created = self.moment(begin, end)
        self.doc["teaching_points"].append({
            "uid": self.uid(), "rotation": rotation, "patient": patient["uid"] if patient else None,
            "text": self.text.paragraph(1, 3), "topic": rng.choice(TOPICS), "source": rng.choice(SOURCES),
            "starred": rng.random() < 0.1, "created_at": _ts(created), "updated_at": _ts(created),
            "tags": self.tags(0.3)})

    def question(self, rotation: str, patients: list[dict], begin: datetime, end: datetime) -> None:
        """One question, answered half the time."""
        rng = self.rng
        patient = self._patient_or_none(patients, 0.3)
        created = self.moment(begin, end)
        answered = rng.random() < 0.5
        answered_at = min(created + timedelta(hours=rng.randint(2, 60)), self.now - timedelta(seconds=1))
        self.doc["questions"].append({
            "uid": self.uid(), "rotation": rotation, "patient": patient["uid"] if patient else None,
            "text": self.text.question(), "answer": self.text.paragraph(2, 4) if answered else "",
            "status": "answered" if answered else "open", "answered_at": _ts(answered_at) if answered else None,
            "created_at": _ts(created), "updated_at": _ts(answered_at if answered else created),
            "tags": self.tags(0.15)})

    def note(self, rotation: str, patient: dict, last_note: dict[str, dict], current: bool) -> None:
        """One SOAP, H&P or progress note for ``patient``, with its autosave revisions."""
        rng = self.rng
        kind = rng.choices(("progress", "soap", "hp"), (5, 2, 3))[0]
        created = self.moment(patient["_in"], patient["_out"])
        sections = dict.fromkeys(SECTIONS, "")
        lengths = HP_LENGTHS if kind == "hp" else SOAP_LENGTHS
        for name, (low, high) in lengths.items():
            sections[name] = self.text.paragraph(low, high)
        sections["plan"] = self.text.bullets(2, 6)
        previous = last_note.get(patient["uid"])
        copied = previous if kind == "progress" and previous is not None and rng.random() < 0.5 else None
        day = (created - patient["_in"]).days + 1
        title = {"hp": "Admission H&P", "soap": f"Day {day} SOAP", "progress": f"Day {day} progress"}[kind]
        revisions, at = [], created
        written = [name for name, text in sections.items() if text]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            # Each save keeps the note as it was: the same text but for the one or two sections being written.
            shown = {name: sections[name] for name in written}
            for name in rng.sample(written, min(len(written), rng.randint(1, 2))):
                shown[name] = shown[name][: max(0, len(shown[name]) - rng.randint(10, 200))]
            at = min(at + timedelta(minutes=rng.randint(1, 40)), self.now - timedelta(seconds=2))
            revisions.append({"uid": self.uid(), "title": title, "status": "draft", "content": shown,
                              "reason": "save", "created_at": _ts(at), "updated_at": _ts(at)})
        updated = min(at + timedelta(minutes=1), self.now - timedelta(seconds=1))
        status = "draft" if current and rng.random() < 0.5 else rng.choice(("reviewed", "final", "final"))
        note = {"uid": self.uid(), "rotation": rotation, "patient": patient["uid"], "kind": kind, "title": title,
                "status": status, "copied_from": copied["uid"] if copied else None, "sections": sections,
                "created_at": _ts(created), "updated_at": _ts(max(updated, created)), "tags": self.tags(0.1),
                "revisions": revisions}
        last_note[patient["uid"]] = note
        self.doc["notes"].append(note)

    def reflection(self, rotation: str, monday: datetime, end: datetime) -> None:
        """The weekly reflection of the week starting ``monday``."""
        year, week, _ = monday.date().isocalendar()
        written = min(monday + timedelta(days=4, hours=20), end - timedelta(minutes=1))
        fields = {name: self.text.paragraph(1, 4) for name in ("went_well", "didnt_go_well", "learned_about_myself",
                                                                "do_differently")}
        fields["free_text"] = self.text.paragraph(1, 3) if self.rng.random() < 0.4 else ""
        self.doc["reflections"].append({"uid": self.uid(), "rotation": rotation, "week": f"{year}-W{week:02d}",
                                        **fields, "created_at": _ts(written), "updated_at": _ts(written),
                                        "tags": self.tags(0.2), "revisions": []})


def _split(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights``, exactly (largest remainders get the leftovers)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    for index in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _strip_private(doc: dict) -> None:
    for patient in doc["patients"]:
        patient.pop("_in")
        patient.pop("_out")


def build_document(entries: int, seed: int, today: date) -> tuple[dict, dict]:
    """The export document of a synthetic notebook, and its manifest (what the benchmark looks for)."""
    builder = Builder(entries, seed, today)
    doc = builder.build()
    _strip_private(doc)
    counted = sum(len(doc[key]) for key in ("todos", "teaching_points", "questions", "notes", "reflections"))
    assert counted == entries, (counted, entries)
    manifest = {"generator": GENERATOR_VERSION, "entries": entries, "seed": seed, "today": today.isoformat(),
                "counts": {key: len(doc[key]) for key in builder.doc},
                "open_todos": sum(1 for t in doc["todos"] if t["done_at"] is None), **builder.marker}
    return doc, manifest


def make_notebook(entries: int, out: Path, seed: int = 1, today: date | None = None) -> dict:
    """Write the synthetic notebook at ``out`` (which must not exist) and its manifest; returns the manifest."""
    from clerkbook.store import open_notebook

    out = Path(out)
    if out.exists():
        raise SystemExit(f"{out} already exists")
    started = time.perf_counter()
    doc, manifest = build_document(entries, seed, today or datetime.now(timezone.utc).date())
    generated = time.perf_counter()
    building = out.with_name(out.name + ".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    with open_notebook(building) as notebook:
        notebook.import_document(doc)
    building.rename(out)  # only a complete notebook ever has the final name (the cache relies on it)
    manifest["seconds"] = {"generate": round(generated - started, 2),
                           "import": round(time.perf_counter() - generated, 2)}
    manifest["bytes"] = out.stat().st_size
    Path(f"{out}.manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, required=True, help="to-dos + points + questions + notes + reflections")
    parser.add_argument("--out", type=Path, required=True, help="notebook file to create (must not exist)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the day the notebook is 'now' in (default: today, UTC)")
    args = parser.parse_args(argv)
    manifest = make_notebook(args.entries, args.out, args.seed, args.today)
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
