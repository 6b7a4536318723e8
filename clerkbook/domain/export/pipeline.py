"""One export, from document to files on disk: select, guard, render, write — the same for the CLI and the app.

Nothing is written until every file has been rendered, and then into a temporary name beside the target that
is renamed into place, so an export either appears whole or not at all. Exports hold clinical text, so the
files are private to the user (0600, folders 0700) wherever they are written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timezone, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import Callable

from clerkbook.domain.export.guard import DocFinding, redact_document, scan_document
from clerkbook.domain.export.side_scan import scan_alongside

#: Every format, and whether it is written as a folder (True) or one file (False).
FORMATS: dict[str, bool] = {"md": True, "html": False, "json": False, "anki": False, "dossier": True}
_SUFFIX = {"html": ".html", "json": ".json", "anki": ".apkg"}
#: Written into every folder export: ``--force`` replaces only a folder that holds it (or nothing at all).
MARKER = ".clerkbook-export"


class Policy(StrEnum):
    """What to do when the PHI guard finds something."""

    BLOCK = "block"
    REDACT = "redact"
    ALLOW = "allow"


class ExportError(Exception):
    """An export that cannot be written; the message is one line for the user."""


class ExportBlocked(ExportError):
    """The PHI guard found identifiers and the policy is to stop; ``findings`` lists them."""

    def __init__(self, findings: list[DocFinding]) -> None:
        self.findings = findings
        noun = "identifier" if len(findings) == 1 else "identifiers"
        super().__init__(f"Export stopped: the PHI guard found {len(findings)} possible {noun}; nothing was "
                         "written. Fix them, or export with --redact (or --allow-phi if you take responsibility).")


@dataclass
class ExportResult:
    """What an export wrote, and what the guard found on the way."""

    path: Path
    format: str
    files: int
    findings: list[DocFinding] = field(default_factory=list)
    policy: Policy = Policy.BLOCK


def document_json(doc: dict) -> str:
    """The JSON text of a document, exactly as ``--format json`` writes it (stable, so round trips compare)."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def default_path(fmt: str, today: date, folder: Path = Path(".")) -> Path:
    """Where an export goes when no ``--out`` is given: ``clerkbook-<format>-<date>`` in ``folder``.

    A second export the same day gets ``-2``, then ``-3``: an earlier export is never replaced unasked.
    """
    suffix = _SUFFIX.get(fmt, "")
    stem = f"clerkbook-{fmt}-{today.isoformat()}"
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def resolve_out(out: Path | None, fmt: str, today: date) -> Path:
    """Where to write: ``out`` itself, or a dated name inside it when ``out`` is a folder to write *into*.

    A folder given for a single-file format, or an existing folder that is not an earlier export (a vault, a
    documents folder) for a folder format, receives ``clerkbook-<format>-<date>`` inside it.
    """
    if out is None:
        return default_path(fmt, today)
    out = Path(out).expanduser()
    into = out.is_dir() and (not FORMATS[fmt] or (any(out.iterdir()) and not (out / MARKER).is_file()))
    return default_path(fmt, today, out) if into else out


def _renderer(fmt: str) -> Callable[..., dict[str, bytes]]:
    # Imported on demand: markdown-it and genanki are not needed for the other formats.
    if fmt == "md":
        from clerkbook.domain.export.markdown import render_markdown
        return render_markdown
    if fmt == "html":
        from clerkbook.domain.export.html import render_html
        return render_html
    if fmt == "dossier":
        from clerkbook.domain.export.dossier import render_dossier
        return render_dossier
    if fmt == "anki":
        from clerkbook.domain.export.anki import render_anki
        return render_anki
    raise ExportError(f"Unknown format '{fmt}': use one of {', '.join(FORMATS)}.")


#: The document's lists for the rest of the clerkship (issue 7): none of them is flash-card material.
CLERKSHIP_LISTS = ("procedures", "feedback", "letters", "contacts", "checklist_items", "certifications",
                   "daily_entries", "patient_signouts")
#: Tags that mark a note or teaching point as interview material for the dossier's Stories.
STORY_TAGS = frozenset({"story", "interview"})


def prepare(doc: dict, fmt: str) -> dict:
    """The document as ``fmt`` will print it, so the PHI guard reads exactly what leaves the notebook.

    Only JSON carries revision history. The Anki deck holds teaching points and answered questions only.
    The dossier prints counts, one-liners, starred and story-tagged points, answered questions, story-tagged
    notes and reflections, feedback, letters, contacts and the daily log's lessons: the text of everything
    else is blanked (the entries stay, for the counts).
    """
    if fmt == "json":
        return doc
    out = dict(doc)
    for name in ("notes", "reflections"):
        out[name] = [{k: v for k, v in entry.items() if k != "revisions"} for entry in doc.get(name, [])]
    # A discharged patient's contingencies no longer apply: no format prints them.
    active = {p.get("uid") for p in doc.get("patients", []) if p.get("status") != "discharged"}
    out["patient_signouts"] = [s for s in doc.get("patient_signouts", []) if s.get("patient") in active]
    if fmt == "anki":
        out.update({name: [] for name in CLERKSHIP_LISTS})
        out.update(patients=[], todos=[], notes=[], reflections=[],
                   questions=[q for q in doc.get("questions", []) if (q.get("answer") or "").strip()])
    elif fmt == "dossier":
        out["todos"] = []
        out["questions"] = [q if (q.get("answer") or "").strip() else dict(q, text="")
                            for q in doc.get("questions", [])]
        out["teaching_points"] = [p if p.get("starred") or STORY_TAGS & set(p.get("tags", []))
                                  else dict(p, text="", topic="", source="") for p in doc.get("teaching_points", [])]
        out["notes"] = [n if STORY_TAGS & set(n.get("tags", [])) else
                        dict(n, title="", sections={k: "" for k in n.get("sections", {})}) for n in out["notes"]]
        # Sign-outs are about today's patients and the checklist is paperwork: neither is interview material.
        out.update(patient_signouts=[], checklist_items=[])
        # Procedures print as counts, certifications as name and expiry, the daily log as its lessons.
        out["procedures"] = [dict(p, notes="", supervisor="") for p in doc.get("procedures", [])]
        out["certifications"] = [dict(c, notes="") for c in doc.get("certifications", [])]
        out["daily_entries"] = [dict(d, diagnoses="", questions="") for d in doc.get("daily_entries", [])]
    return out


def render(doc: dict, fmt: str, *, policy: Policy = Policy.BLOCK, tz: tzinfo = timezone.utc,
           title: str | None = None) -> tuple[dict[str, bytes], list[DocFinding]]:
    """Guard then render ``doc`` as ``fmt``: the files (relative path -> bytes) and the guard's findings.

    Raises :class:`ExportBlocked` when the policy is to block and something was found. Where it can, the guard
    scans in a child process while this one renders (see :mod:`side_scan`); the files are returned only once
    the scan is complete, and thrown away if it blocks the export.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format '{fmt}': use one of {', '.join(FORMATS)}.")
    doc = prepare(doc, fmt)
    scanned = scan_alongside(doc)
    files: dict[str, bytes] | None = None
    problem: ExportError | None = None
    if scanned is None:
        findings = scan_document(doc)
    else:
        try:
            files = _render_files(doc, fmt, tz, title)
        except ExportError as exc:
            problem = exc
        finally:
            findings = scanned()
    if findings and policy is Policy.BLOCK:
        raise ExportBlocked(findings)
    if findings and policy is Policy.REDACT:
        return _render_files(redact_document(doc), fmt, tz, title), findings
    if problem is not None:
        raise problem
    return (files if files is not None else _render_files(doc, fmt, tz, title)), findings


def _render_files(doc: dict, fmt: str, tz: tzinfo, title: str | None) -> dict[str, bytes]:
    if fmt == "json":
        return {"clerkbook.json": document_json(doc).encode("utf-8")}
    try:
        options = {"title": title} if title else {}
        return _renderer(fmt)(doc, tz=tz, **options)
    except ImportError as exc:  # an optional extra that is not installed
        raise ExportError(str(exc)) from None


class ExportExists(ExportError):
    """The target exists and replacing it was not asked for."""


def write_files(files: dict[str, bytes], out: Path, *, folder: bool, replace: bool = False) -> Path:
    """Write rendered ``files`` to ``out`` (a folder, or a single file) all at once; returns ``out``.

    An existing ``out`` is never overwritten unless ``replace`` is set, and even then only once the new export
    is complete beside it. A folder is replaced only if it is an earlier clerkbook export (or empty): a vault
    or a project folder given by mistake is never emptied.
    """
    out = Path(out).expanduser().absolute()
    parent = out.parent
    if not parent.is_dir():
        raise ExportError(f"Folder {parent} does not exist.")
    if out.is_dir() and not folder:
        raise ExportError(f"{out} is a folder; give a file name for the export.")
    if out.exists() and not replace:
        raise ExportExists(f"{out} already exists; choose another name.")
    if out.exists() and folder:
        _check_replaceable(out)
    if folder:
        files = {**files, MARKER: b"Written by clerkbook export; clerkbook export --force may replace this folder.\n"}
    try:
        if folder:
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
            try:
                made = {str(staging)}
                for relative, content in sorted(files.items()):
                    target = os.path.join(staging, relative)
                    folder_name = os.path.dirname(target)
                    if folder_name not in made:  # thousands of files share a few folders
                        _make_dirs(Path(folder_name), staging)
                        made.add(folder_name)
                    _write_private(target, content)
                if out.exists():
                    shutil.rmtree(out)
                os.replace(staging, out)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        else:
            (content,) = files.values()
            handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=parent)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(content)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.chmod(temp_name, 0o600)
                os.replace(temp_name, out)
            except BaseException:
                Path(temp_name).unlink(missing_ok=True)
                raise
    except OSError as exc:
        raise ExportError(f"Could not write {out}: {exc.strerror or exc}.") from None
    return out


def _check_replaceable(out: Path) -> None:
    if not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder.")
    here = Path.cwd().resolve()
    resolved = out.resolve()
    if resolved == here or resolved in here.parents:
        raise ExportError(f"{out} holds the current folder; choose a new folder for the export.")
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise ExportError(f"{out} is a folder that is not an earlier clerkbook export; choose a new folder.")


def _make_dirs(folder: Path, root: Path) -> None:
    if folder == root or folder.exists():
        return
    _make_dirs(folder.parent, root)
    folder.mkdir(mode=0o700)


def _write_private(path: str | Path, content: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)


def export_document(doc: dict, fmt: str, out: Path, *, policy: Policy = Policy.BLOCK, tz: tzinfo = timezone.utc,
                    replace: bool = False, title: str | None = None) -> ExportResult:
    """Guard, render and write ``doc`` as ``fmt`` at ``out``; ``title`` heads the printed formats."""
    files, findings = render(doc, fmt, policy=policy, tz=tz, title=title)
    path = write_files(files, out, folder=FORMATS[fmt], replace=replace)
    return ExportResult(path=path, format=fmt, files=len(files), findings=findings, policy=policy)
