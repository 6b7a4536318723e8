"""What a user types in a search box, turned into a safe SQLite FTS5 query.

The grammar is the one people expect from a search box, not FTS5's:

- words find words that start with them, as you type: ``spiro`` finds "spironolactone";
- "quoted phrases" find those words together, in that order (an unclosed quote runs to the end, and its last
  word is a prefix, since the user is still typing it);
- AND, OR and NOT written in capitals between two terms are operators; a leading NOT or an operator with
  nothing after it is dropped, and words next to each other must all be found.

Nothing the user types reaches FTS5 as syntax: every term is double-quoted (with quotes inside doubled), so
``*``, ``^``, ``:``, parentheses, ``-``, ``+``, ``NEAR`` and column names are only text, and the tokenizer
treats them as the word separators they are. A term without a letter or digit is dropped, and so are
control, private-use and lone surrogate characters.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clerkbook.store.notebook import Notebook
    from clerkbook.store.search import SearchHit

OPERATORS = ("AND", "OR", "NOT")
#: Beyond these, the rest of a pasted paragraph is ignored: it would only slow the search down.
MAX_CHARS = 500
MAX_TERMS = 24
# A one-letter prefix would match nearly everything and has no prefix index (prefix='2 3'): it is slow and
# useless, so a word whose last part is one character long is looked for as a whole word.
_MIN_PREFIX = 2
_DROPPED = ("Cc", "Co", "Cs")


def _is_token_char(char: str) -> bool:
    # FTS5's unicode61 tokenizer treats letters and numbers as parts of words and diacritics as part of their
    # letter; everything else separates words (private-use characters are removed before this).
    return unicodedata.category(char)[0] in "LNM"


def _last_word_length(text: str) -> int:
    length = 0
    for char in reversed(text):
        if _is_token_char(char):
            length += 1
        elif length:
            break
    return length


def _term(text: str, *, prefix: bool) -> str | None:
    if not any(_is_token_char(char) for char in text):
        return None
    quoted = '"' + text.replace('"', '""') + '"'
    return quoted + "*" if prefix and _last_word_length(text) >= _MIN_PREFIX else quoted


def _lex(text: str) -> list[tuple[str, str]]:
    """("phrase", text), ("open", text) for an unclosed phrase, and ("word", text) in the order typed."""
    items: list[tuple[str, str]] = []
    for index, part in enumerate(text.split('"')):
        if index % 2:
            # Odd parts were between quotes; the last one is unclosed if the quotes are unbalanced.
            closed = index < text.count('"')
            items.append(("phrase" if closed else "open", part))
        else:
            items.extend(("word", word) for word in part.split())
    return items


def parse_query(text: str) -> str:
    """The FTS5 MATCH expression for ``text`` as a user typed it; "" when there is nothing to search for."""
    out: list[str] = []
    pending: str | None = None
    terms = 0
    # Control characters are no one's search (NUL would even end the query inside SQLite); private-use ones
    # mean nothing outside one font, and the index starts its filter words with one; a lone surrogate (bytes
    # that were not UTF-8 on the command line) cannot even be sent to SQLite.
    text = "".join(" " if unicodedata.category(char) in _DROPPED else char for char in text[:MAX_CHARS])
    for kind, value in _lex(text):
        if kind == "word" and value in OPERATORS:
            if out:
                # Of several operators in a row the strongest wins: "a AND NOT b" is "a NOT b".
                pending = max(pending or value, value, key=OPERATORS.index)
            continue
        term = _term(value, prefix=kind != "phrase")
        if term is None:
            continue
        if terms == MAX_TERMS:
            break
        if pending and out:
            out.append(pending)
        pending = None
        out.append(term)
        terms += 1
    return " ".join(out)


def search(notebook: Notebook, text: str, **filters) -> list[SearchHit]:
    """Search ``notebook`` for what a user typed; ``filters`` are those of :meth:`Notebook.search`."""
    return notebook.search(parse_query(text), **filters)


__all__ = ["MAX_CHARS", "MAX_TERMS", "OPERATORS", "parse_query", "search"]
