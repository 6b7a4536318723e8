"""The guard's scan in a forked child: the same findings as scanning here, and a scan here whenever it fails."""

from __future__ import annotations

import copy
import os
import threading

import pytest
from export_sample import sample_document

from clerkbook.domain.export import guard, side_scan
from clerkbook.domain.export.pipeline import ExportBlocked, Policy, prepare, render

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _with_identifiers() -> dict:
    doc = copy.deepcopy(sample_document())  # its notes share section dicts with the module
    doc["notes"][0]["sections"]["plan"] = "Call wife Linda at 555-201-4477, MRN 12345678."
    doc["todos"][0]["text"] = "Fax Dr. Alvarez the DOB 1/2/1950 form"
    return doc


def test_the_child_finds_what_a_scan_here_finds() -> None:
    doc = _with_identifiers()
    wait = side_scan.scan_alongside(doc)
    assert wait is not None
    found = wait()
    assert found == guard.scan_document(doc) and len(found) >= 5


def test_a_child_that_fails_is_replaced_by_a_scan_here(monkeypatch: pytest.MonkeyPatch) -> None:
    doc, parent = _with_identifiers(), os.getpid()
    real = guard.scan_document

    def fails_in_the_child(document: dict) -> list:
        if os.getpid() != parent:
            raise RuntimeError("the child fell over")
        return real(document)

    monkeypatch.setattr(side_scan, "scan_document", fails_in_the_child)
    wait = side_scan.scan_alongside(doc)
    assert wait is not None and wait() == real(doc)
    assert os.getpid() == parent  # the child left at once, running none of this test


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert side_scan.scan_alongside(sample_document()) is None
    finally:
        stop.set()
        worker.join()


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_render_blocks_redacts_or_allows_on_the_child_s_findings(fmt: str) -> None:
    doc = _with_identifiers()
    with pytest.raises(ExportBlocked) as blocked:
        render(doc, fmt, policy=Policy.BLOCK)
    expected = guard.scan_document(prepare(doc, fmt))
    assert blocked.value.findings == expected
    files, findings = render(doc, fmt, policy=Policy.REDACT)
    assert findings == expected and not any(b"555-201-4477" in content for content in files.values())
    files, findings = render(doc, fmt, policy=Policy.ALLOW)
    assert findings == expected and any(b"555-201-4477" in content for content in files.values())
