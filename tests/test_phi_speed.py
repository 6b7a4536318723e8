"""The PHI guard never hangs on a long run of blanks after a cue: a pasted wide table must not stall an export.

A rule like "wife, then blanks, then an optional comma, then blanks, then a name" once tried every split of a
long run of spaces between its two runs ("wife" then 20,000 spaces did not finish in a minute). These tests put
such runs after every word of every cue the rules and their gates know and check that the time grows with the
length of the run, not with its square. The bounds are generous: they guard against hangs, not for speed
(bench/ holds the speed targets).
"""

from __future__ import annotations

import re
import time

from phi_corpus import MATCHING

from clerkbook.domain import phi
from clerkbook.domain.phi_batch import _gated, scan_texts

BLANKS = {"spaces": " ", "tabs": "\t", "newlines": "\n", "no-break spaces": "\u00a0", "mixed": " \t\u00a0 \n\t "}


def _cues() -> list[str]:
    """Every gate word, and every phrase in MATCHING cut before each of its blanks and punctuation marks, so a
    run of blanks lands wherever a rule allows one ("P.O.", "P.O. Box", "social security number:")."""
    cues = {word for gates in phi._GATES for gate in gates for word in gate.words}
    for phrase in MATCHING + ["P.O. box", "wife, Linda", "goes by Bob", "Mr. J. de la Cruz", "call at 555"]:
        cues.update(phrase[:cut.start()] for cut in re.finditer(r"[^A-Za-z0-9]|$", phrase) if cut.start())
    return sorted(cues)


CUES = _cues()


def _run(blank: str, size: int) -> str:
    return (blank * (size // len(blank) + 1))[:size]


def _match_every_rule_after_every_cue(size: int) -> float:
    """Seconds to try every rule at every start inside each cue, with ``size`` blanks then "x" after the cue.

    A rule cannot start inside a run of blanks, so these are all the starts where it could read the run; trying
    only them (instead of a whole scan) keeps the sweep over thousands of texts quick.
    """
    patterns = [pattern for _kind, pattern, _check in phi._RULES]
    began = time.perf_counter()
    for blank in BLANKS.values():
        run = _run(blank, size) + "x"
        for cue in CUES:
            text = cue + run
            for pattern in patterns:
                for start in range(len(cue) + 1):
                    pattern.match(text, start)
    return time.perf_counter() - began


def test_the_cue_list_reaches_every_rule() -> None:
    reached = {rule for rule, (_kind, pattern, _check) in enumerate(phi._RULES)
               for cue in CUES for start in range(len(cue)) if pattern.match(cue + " 555-867-5309", start)}
    assert len(CUES) > 300
    assert len(reached) == len(phi._RULES)


def test_blanks_after_any_cue_take_time_in_proportion_to_their_length() -> None:
    # Doubling the run should about double the time; a rule that backtracks over the run quadruples it (or
    # worse), which the 3x bound catches at a size that still finishes, long before 20,000 would hang.
    # Starting small, so a rule that does backtrack fails here within a second or two instead of hanging.
    previous = _match_every_rule_after_every_cue(80)
    for size in (160, 320, 640, 1_280, 2_560, 5_120, 10_240, 20_480):
        elapsed = _match_every_rule_after_every_cue(size)
        assert elapsed < 3 * previous + 0.1, f"{size} blanks: {elapsed:.2f}s after {previous:.2f}s for half"
        previous = elapsed
    assert previous < 5.0  # every rule after every cue and 5 kinds of blank, 20,480 of them each


def test_the_gates_read_blanks_after_any_cue_in_linear_time() -> None:
    def gate(size: int) -> float:
        texts = [cue + _run(blank, size) + "x" for cue in CUES for blank in BLANKS.values()]
        began = time.perf_counter()
        _gated(texts)
        return time.perf_counter() - began

    small = gate(320)
    assert gate(1_280) < 8 * small + 0.2  # four times the text: four times the time, sixteen if quadratic


def test_scans_of_the_reported_texts_finish_quickly() -> None:
    texts = {name: [cue + _run(blank, 20_000) + "x" for cue in ("P.O. box", "wife")]
             for name, blank in BLANKS.items()}
    began = time.perf_counter()
    for batch in texts.values():
        assert [phi.scan(text) for text in batch] == [[], []]
    assert time.perf_counter() - began < 5.0


def test_an_export_of_blank_runs_after_cues_finishes_quickly() -> None:
    texts = [cue + _run(blank, 20_000) + "Linda 555-0142" for cue in ("P.O. box", "wife", "phone", "MRN", "aka",
                                                                     "zip", "SSN", "age", "Mr.", "call", "lic.")
             for blank in BLANKS.values()]
    began = time.perf_counter()
    found = scan_texts(texts)
    assert time.perf_counter() - began < 5.0
    # Only the cues that allow blanks before a name reach it (the same as scanning each text on its own).
    assert sorted({text[:3] for text in found}) == ["Mr.", "aka", "wif"]
    assert all(f.kind == "NAME" and f.text.endswith("Linda") for got in found.values() for f in got)
    assert all(phi.scan(text) == got for text, got in found.items())
