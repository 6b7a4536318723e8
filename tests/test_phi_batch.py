"""The batch PHI scan finds exactly what the straightforward scan finds, text by text: gates only skip work."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st
from phi_corpus import CLINICAL, MATCHING, WITH_IDENTIFIERS

from clerkbook.domain import phi
from clerkbook.domain.phi_batch import _ascii, _gated, scan_texts

_CORPUS = [sentence for sentence, _labels in WITH_IDENTIFIERS] + CLINICAL

# Words and shapes the rules and their gates turn on, in several cases, so random text reaches the rules.
_CUES = sorted({word for gates in phi._GATES for gate in gates for word in gate.words})
_SHAPES = ["Linda", "Smith", "O'Brien", "O’Brien", "DeLuca", "Chen-Watkins", "Maria", "Park", "Alert", "Sister",
           "Mary", "Joseph", "CHF", "BP", "Tmax", "CPT", "pain", "of", "to", "from", "on", "DOB", "x", "score",
           "-in-law", "years", "yrs", "old", "y/o", "yo", "M", "F", "m", "f", "st", "nd", "th", "Apt", "Suite",
           "MA", "NY", "CA", "Boston", "example", "com", "org", "health", "www.", "http://", "https://", "user",
           "Box", "P.O.", "PO", "SS#", "SSN", "XXX-XX-", "***-**-", "number", "no.", "#", "id", "ID", "MRN", "mr",
           "May", "MAY", "may", "Mar", "March", "Sept", "Dec", "2025", "1950", "19", "20", "1", "3", "7", "9", "10",
           "12", "14", "31", "92", "101", "120", "555", "0600", "4567", "02139", "12345678", "987-65-4321",
           "555-201-4477", "(555)", "192.168.1.20", "1/2", "3/14", "12/25/2024", "2025-03-14", "03/2025",
           "(daughter)", "(Wife)", "(son-in-law)", "(fiancée)", "mrs lindqvist", "mr okafor", "14th of March",
           "March 2025", "social security", "SSN: 123-45-6789", "goes by", "known as", "patient id", "mrs lee",
           "fiancé", "S/N", "s/n", "idno", "insid", "policyno", "MRN12345678", "chartno", "SSN123456789"]
_UNICODE = ["é", "É", "’", "İ", "ı", "ſ", "K", "ß", "ñ", "٣", "３", "²", "—", "\u00a0", "\x00", "_"]
_SEPARATORS = [" ", "  ", "\t", "\n", ",", ".", ". ", ", ", "(", ")", ":", ": ", "-", "/", "@", "=", "'", ";", ""]


_SPACES = [" ", "  ", "\t", " \t"]


def _cases(word: str) -> list[str]:
    return [word, word.upper(), word.lower(), word.capitalize(), word[:1] + word[1:].upper()]


def _variants(word: str) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(_cases(word)), st.sampled_from(_SPACES)).map(lambda c: c[0].replace(" ", c[1]))


_TOKEN = st.one_of(st.sampled_from(_CUES).flatmap(_variants), st.sampled_from(_SHAPES),
                   st.sampled_from(MATCHING).flatmap(_variants),
                   st.sampled_from(_UNICODE), st.sampled_from(_CORPUS).map(lambda s: s[:40]))
_TEXT = st.one_of(
    st.lists(st.tuples(_TOKEN, st.sampled_from(_SEPARATORS)).map("".join), max_size=12).map("".join),
    st.text(max_size=60),
    st.sampled_from(_CORPUS),
)


def test_each_matching_phrase_matches_a_rule() -> None:
    assert all(any(_rule_matches(rule, phrase) for rule in range(len(phi._RULES))) for phrase in MATCHING)


def _rule_matches(rule: int, text: str) -> bool:
    return phi._RULES[rule][1].search(text) is not None


@settings(max_examples=1500, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_every_gate_fires_wherever_its_rule_matches(texts: list[str]) -> None:
    _assert_gates_fire(texts)


@settings(max_examples=800, deadline=None)
@given(st.lists(_TEXT, max_size=6))
def test_batch_scan_finds_exactly_what_scan_finds(texts: list[str]) -> None:
    got = scan_texts(texts)
    assert set(got) <= set(texts)
    for text in texts:
        assert got.get(text, []) == phi.scan(text)
        assert text not in got or got[text]


def test_batch_scan_of_the_labelled_corpus_is_the_same() -> None:
    got = scan_texts(_CORPUS)
    assert all(got.get(sentence, []) == phi.scan(sentence) for sentence in _CORPUS)
    assert sum(map(len, got.values())) >= 150  # the corpus is full of identifiers: the gates let them through


def _assert_gates_fire(texts: list[str]) -> None:
    gated = _gated(texts)
    for rule in range(len(phi._RULES)):
        for index, text in enumerate(texts):
            if _rule_matches(rule, text):
                assert index in gated[rule], (phi._RULES[rule][1].pattern[:60], text)


def test_every_gate_fires_on_the_corpus_where_its_rule_matches() -> None:
    _assert_gates_fire(_CORPUS)


def test_every_gate_fires_on_every_spelling_of_the_matching_phrases() -> None:
    texts = [variant.replace(" ", space) for phrase in MATCHING for variant in _cases(phrase) for space in _SPACES]
    _assert_gates_fire(texts + [f"({text})" for text in texts] + [f"x\n{text}." for text in texts])


def test_gates_skip_most_clinical_text() -> None:
    gated = _gated(CLINICAL)
    assert sum(map(len, gated)) < len(CLINICAL) * 2  # of 30 rules per sentence


def test_folding_keeps_what_the_rules_can_see_in_every_character() -> None:
    # Every character: a digit (\d) stays a digit, a word character (\w) one, anything else neither; ASCII is
    # kept; and a character that the rules' (?i) takes for an ASCII letter becomes that letter.
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    folded = _ascii(everything)
    assert len(folded) == len(everything) and folded.isascii()
    assert folded[:128] == everything[:128]
    for pattern in (r"\d", r"\w"):
        assert [m.start() for m in re.finditer(pattern, everything)] == \
            [m.start() for m in re.finditer(pattern, folded)], pattern
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for m in re.finditer(f"(?i){letter}", everything):
            assert folded[m.start()].lower() == letter, hex(ord(m.group()))


def test_texts_that_repeat_are_scanned_once_and_all_reported() -> None:
    texts = ["Spoke with wife Linda.", "BP 120/80", "Spoke with wife Linda.", ""]
    got = scan_texts(texts)
    assert list(got) == ["Spoke with wife Linda."]  # once, though it is there twice; the others hold nothing
    assert [f.text for f in got["Spoke with wife Linda."]] == ["Linda"]


def test_gates_stay_fast_on_long_runs_of_blanks_and_cues() -> None:
    blanks = " \t" * 25_000
    texts = [cue + blanks for cue in ("P.O. box", "wife", "goes", "MRN", "SSN", "age", "fax", "1", "Mr.", "14")]
    texts += ["wife " * 20_000, "1/" * 25_000, "0" * 50_000, "Pt Ab " * 8_000]
    began = time.perf_counter()
    _gated(texts)
    assert time.perf_counter() - began < 2.0
