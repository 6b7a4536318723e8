"""The PHI guard over many texts at once: exactly what :func:`clerkbook.domain.phi.scan` finds in each, faster.

An export holds tens of megabytes of text and the guard's thirty-odd regexes read it at under 1 MB/s each. Most
rules cannot match most texts: a phone number needs seven digits in a row, a name after a title needs the title.
So every rule carries :class:`~clerkbook.domain.phi.Gate` s, cheap necessary conditions, and this module

1. joins the distinct texts into one corpus and folds it twice: lower case with every digit "0" (so "0/0" finds
   3/14 and 12/25 alike with a plain substring search), and the same with every non-word character a space (so
   one pass anchored on " " finds every cue word at the start of a word);
2. runs each gate pattern once over the whole corpus (few patterns, each starting with a literal so the regex
   engine skips ahead quickly), noting which texts each rule could match;
3. runs each rule's own regex, unchanged, only on those texts, then resolves overlaps exactly as ``scan`` does.

A gate never decides that something *is* an identifier; it only skips texts where the rule cannot match. The
result is the same list of findings, which tests/test_phi_batch.py checks against ``scan`` on random text.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from clerkbook.domain import phi
from clerkbook.domain.phi import Finding

__all__ = ["scan_texts"]

# Between texts in the corpus: no gate pattern matches a newline or NUL, so no gate hit spans two texts, and the
# word pass sees the break as spaces (a word at a text's start is at a word start).
_SEP = "\n\x00\n"
_WORD_CHARS = "[a-z0_]"

# Characters the rules' (?i) matching equates with an ASCII letter although str.lower() does not make them one.
_SPECIAL_FOLDS = {"\u0130": "I", "\u0131": "i", "\u017f": "s", "\u212a": "K"}


def _ascii_for(char: str) -> str:
    if char in _SPECIAL_FOLDS:
        return _SPECIAL_FOLDS[char]
    if char.isdecimal():  # what \d matches
        return "0"
    if char.isalnum() or char == "_":  # what \w matches
        return "_"
    return "\x01"


def _fold_errors(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    return "".join(map(_ascii_for, error.object[error.start:error.end])), error.end


_ERRORS = "clerkbook.phi-fold"
codecs.register_error(_ERRORS, _fold_errors)

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_FOLD = str.maketrans(_UPPER + "123456789", _UPPER.lower() + "0" * 9)
_WORDS = str.maketrans({**{i: " " for i in range(128)},
                        **{ord(c): c for c in "abcdefghijklmnopqrstuvwxyz0_"},
                        **{ord(c): c.lower() for c in _UPPER}, **{ord(c): "0" for c in "123456789"}})


def _ascii(text: str) -> str:
    """``text`` with every non-ASCII character replaced by one ASCII character that keeps what gates look at."""
    return text if text.isascii() else text.encode("ascii", _ERRORS).decode("ascii")


@dataclass(frozen=True)
class _WordGate:
    rule: int
    before: str
    after: re.Pattern
    cased: re.Pattern | None


def _compile_gates() -> tuple[re.Pattern | None, dict[str, list[_WordGate]], dict[tuple[str, str], list[int]],
                              list[int], int]:
    """The word pass, the word gates by cue, the searched patterns by (text, pattern), the ungated rules."""
    by_word: dict[str, list[_WordGate]] = defaultdict(list)
    whole: dict[str, bool] = {}
    searched: dict[tuple[str, str], list[int]] = defaultdict(list)
    ungated: list[int] = []
    for rule, gates in enumerate(phi._GATES):
        if not gates:
            ungated.append(rule)
        for gate in gates:
            for pattern in gate.folded:
                searched["folded", pattern].append(rule)
            for pattern in gate.cased_any:
                searched["cased", pattern].append(rule)
            if not gate.words:
                continue
            words = "|".join(sorted(gate.words, key=len, reverse=True))
            ends = "" if gate.prefix else f"(?!{_WORD_CHARS})"
            compiled = _WordGate(rule, gate.before, re.compile(f"(?:{words}){ends}(?:{gate.after})"),
                                 re.compile(f"(?:{gate.cased})") if gate.cased else None)
            for word in gate.words:
                by_word[word].append(compiled)
                whole[word] = whole.get(word, True) and not gate.prefix
    trie = _trie({word: whole[word] for word in by_word})
    word_pass = re.compile(f" {trie}") if trie else None
    return word_pass, dict(by_word), dict(searched), ungated, max(map(len, by_word), default=0)


def _trie(words: dict[str, bool]) -> str:
    """One regex for all ``words`` (True: whole words only), nested by letter so the engine rejects fast."""
    root: dict = {}
    for word, whole in words.items():
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = whole

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append(f"(?!{_WORD_CHARS})" if node[""] else "")
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return emit(root) if root else ""


_WORD_PASS, _BY_WORD, _SEARCHED, _UNGATED, _LONGEST = _compile_gates()
_SEARCHES = [(space, re.compile(pattern), rules) for (space, pattern), rules in _SEARCHED.items()]
_WORD_RUN = re.compile(f"{_WORD_CHARS}+")


def _gated(texts: list[str]) -> list[set[int]]:
    """For each rule, the indexes of the texts it could match (every text, for a rule without gates)."""
    starts, at = [], len(_SEP)
    for text in texts:
        starts.append(at)
        at += len(text) + len(_SEP)
    cased = _ascii(_SEP + _SEP.join(texts) + _SEP)
    folded = cased.translate(_FOLD)
    words = cased.translate(_WORDS)
    hits: list[set[int]] = [set() for _ in phi._RULES]
    for rule in _UNGATED:
        hits[rule].update(range(len(texts)))
    for space, pattern, rules in _SEARCHES:
        corpus = folded if space == "folded" else cased
        sets = [hits[rule] for rule in rules]
        found = pattern.search(corpus)
        while found:
            index = bisect_right(starts, found.start()) - 1
            for rule_hits in sets:
                rule_hits.add(index)
            # One hit is enough for a text: go on from the next one.
            found = pattern.search(corpus, starts[index + 1]) if index + 1 < len(texts) else None
    if _WORD_PASS is not None:
        by_word, longest = _BY_WORD, _LONGEST
        for found in _WORD_PASS.finditer(words):
            start = found.start() + 1
            word = _WORD_RUN.match(words, start).group()
            index = -1
            for size in range(1, min(len(word), longest) + 1):
                for gate in by_word.get(word[:size], ()):
                    if index < 0:
                        index = bisect_right(starts, start) - 1
                    if index in hits[gate.rule]:
                        continue
                    if gate.before and folded[start - 1] not in gate.before:
                        continue
                    if gate.after.match(folded, start) and (gate.cased is None or gate.cased.match(cased, start)):
                        hits[gate.rule].add(index)
    return hits


def scan_texts(texts: Iterable[str]) -> dict[str, list[Finding]]:
    """The texts among ``texts`` in which :func:`~clerkbook.domain.phi.scan` finds something, with what it finds
    (``where`` left empty); a text that is not a key has nothing to find.

    The same findings as scanning each text on its own, in the same order; many times faster over a whole
    notebook, because each distinct text is read once and each rule's regex runs only on the texts its gates
    let through.
    """
    distinct = list(dict.fromkeys(texts))
    candidates: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for rule, indexes in enumerate(_gated(distinct)):
        kind, pattern, check = phi._RULES[rule]
        for index in indexes:
            found = list(phi._rule_candidates(distinct[index], kind, pattern, check))
            if found:
                candidates[index] += found
    found_in = {distinct[index]: phi._choose(distinct[index], found) for index, found in sorted(candidates.items())}
    return {text: findings for text, findings in found_in.items() if findings}
