"""The printable HTML export: one self-contained file, the same content as the Markdown folder.

Markdown becomes HTML through markdown-it-py with raw HTML escaped and links, autolinks, reference
definitions and images switched off, so nothing a student typed can run or reach the network. The page
carries its own CSS (no fonts, images or other files) and prints to PDF with each rotation on a new page.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import tzinfo
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt

from clerkbook.domain.export.clerkship_render import notebook_sections, rotation_sections
from clerkbook.domain.export.markdown import (
    NONE_RECORDED,
    NOTHING_YET,
    note_md,
    reflection_md,
    rotation_md,
    summary_line,
)
from clerkbook.domain.export.render_util import UTC, DocIndex, Slugs, encode, heading, inline, join_blocks, slugify

_CSS = """
:root { color-scheme: light; }
html { font-size: 11pt; }
body { margin: 0; background: #fff; color: #1d232a; line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
    "Liberation Sans", sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; color: #1c3f5f;
  break-after: avoid; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
h1 { font-size: 1.9rem; margin: 0 0 .5rem; }
h2 { font-size: 1.45rem; margin: 2.4rem 0 .7rem; padding-bottom: .25rem; border-bottom: 2px solid #2b5d8a; }
h3 { font-size: 1.18rem; margin: 1.7rem 0 .45rem; }
h4 { font-size: 1.04rem; margin: 1.3rem 0 .35rem; }
h5, h6 { font-size: 1rem; margin: 1rem 0 .25rem; color: #3b4650; }
p, li { orphans: 3; widows: 3; }
p { margin: .45rem 0; }
ul, ol { padding-left: 1.4rem; margin: .4rem 0; }
li { margin: .15rem 0; }
li > p { margin: .2rem 0; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: .92em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f6f8; padding: .6rem .8rem;
  border-radius: 4px; break-inside: avoid; page-break-inside: avoid; }
blockquote { margin: .6rem 0; padding: .1rem .9rem; border-left: 3px solid #c7d2dc; color: #3b4650; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .95em; }
th, td { border: 1px solid #d5dbe1; padding: .25rem .6rem; text-align: left; }
th { background: #f4f6f8; }
td { font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; page-break-inside: avoid; }
hr { border: 0; border-top: 1px solid #d5dbe1; margin: 1.2rem 0; }
nav.toc { margin: 1.5rem 0 2rem; padding: .8rem 1.1rem; border: 1px solid #d5dbe1; border-radius: 6px;
  background: #f8fafb; }
nav.toc ol { list-style: none; padding-left: 0; margin: .2rem 0; }
nav.toc ol ol { padding-left: 1.2rem; font-size: .95em; }
nav.toc a { color: #1c3f5f; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.toc-title { font-weight: 600; margin: 0 0 .3rem; letter-spacing: .04em; text-transform: uppercase;
  font-size: .85rem; color: #56636f; }
@page { margin: 18mm 16mm 20mm; }
@media print {
  main { max-width: none; margin: 0; padding: 0; }
  h2.chapter { break-before: page; page-break-before: always; margin-top: 0; }
  nav.toc, pre { background: none; }
  a { color: inherit; text-decoration: none; }
}
"""

#: The headings that group a rotation's notes and weekly reflections: with the chapters, the page's contents.
GROUPS = ("Notes", "Weekly reflections")
#: The notebook-wide sections at the end of the page, in the contents too: a student looks for these by name.
NOTEBOOK_WIDE = ("Procedure counts", "Contacts", "Certifications")

# Nothing in the page may fetch anything: a browser that honours this refuses even what slips past the renderer.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark with raw HTML escaped and everything that could point outside the page turned off."""
    # Tables as in GitHub and Obsidian: the procedure counts are one, and a table a student typed reads as one.
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    # "reference" too: with links off, a "[x]: http://..." line would otherwise silently vanish.
    md.disable(["image", "link", "autolink", "reference"])
    return md


def fragment(text: str) -> str:
    """A piece of Markdown as HTML, for places like Anki fields that hold HTML."""
    return markdown_parser().render(text)


def _check_box(inline_token) -> None:
    # CommonMark has no task lists; on paper a box reads better than "[ ]".
    first = (inline_token.children or [None])[0]
    if first is not None and first.type == "text" and first.content[:4] in ("[ ] ", "[x] ", "[X] "):
        first.content = ("☐ " if first.content[1] == " " else "☑ ") + first.content[4:]


class Page:
    """Renders Markdown chunks into one HTML page, giving headings unique ids and collecting a table of contents.

    Level-2 headings are chapters: they get the "chapter" class, which starts a new printed page. Deeper
    headings up to ``toc_depth`` go into the contents too, or, when ``toc_labels`` is given, only those whose
    text is one of those labels.
    """

    def __init__(self, toc_depth: int = 3, toc_labels: Collection[str] | None = None) -> None:
        self.md = markdown_parser()
        self.toc_depth = toc_depth
        self.toc_labels = None if toc_labels is None else frozenset(toc_labels)
        self.toc: list[tuple[int, str, str]] = []
        self._ids = Slugs()

    def render(self, markdown: str) -> str:
        """HTML for ``markdown``; headings of levels 2..toc_depth go into the table of contents."""
        tokens = self.md.parse(markdown)
        for i, token in enumerate(tokens):
            if token.type == "inline" and i >= 2 and tokens[i - 2].type == "list_item_open":
                _check_box(token)
            if token.type != "heading_open":
                continue
            level = int(token.tag[1])
            label = " ".join("".join(c.content if c.type != "softbreak" else " "
                                     for c in tokens[i + 1].children or []).split())
            anchor = self._ids.unique(slugify(label, "section", max_len=60))
            token.attrSet("id", anchor)
            if level == 2:
                token.attrSet("class", "chapter")
            if level == 2 or (level <= self.toc_depth and (self.toc_labels is None or label in self.toc_labels)):
                self.toc.append((level, anchor, label))
        return self.md.renderer.render(tokens, self.md.options, {})

    def toc_html(self) -> str:
        """The table of contents as nested ordered lists of in-page links ("" when there are no chapters)."""
        if not self.toc:
            return ""
        out, depth = [], 1
        for level, anchor, label in self.toc:
            level -= 1
            if level > depth:
                out.append("<ol>" * (level - depth))
            elif level < depth:
                out.append("</li></ol>" * (depth - level) + "</li>")
            elif out:
                out.append("</li>")
            depth = level
            out.append(f'<li><a href="#{escape(anchor)}">{escape(label)}</a>')
        out.append("</li></ol>" * (depth - 1) + "</li>")
        return ('<nav class="toc" aria-label="Contents">\n<p class="toc-title">Contents</p>\n<ol>'
                + "".join(out) + "</ol>\n</nav>\n")

    def document(self, title: str, intro_html: str, body_html: str) -> str:
        """The whole self-contained page: intro, table of contents, chapters."""
        return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
                f"{intro_html}{self.toc_html()}{body_html}</main>\n</body>\n</html>\n")


def page_from_markdown(title: str, intro_md: str, body_md: str, *, toc_depth: int = 3,
                       toc_labels: Collection[str] | None = None) -> str:
    """A printable page from an intro (title, summary) and a body of level-2 chapters; ``title`` is its <title>."""
    page = Page(toc_depth, toc_labels)
    intro = page.render(intro_md)
    body = page.render(body_md)
    return page.document(title, intro, body)


def render_html(doc: dict, *, title: str = "clerkbook export", tz: tzinfo = UTC) -> dict[str, bytes]:
    """The document as ONE printable, self-contained ``clerkbook.html``, whose <title> and heading are ``title``.

    Each rotation is a chapter (a new printed page) with its notes and its weekly reflections grouped under
    "Notes" and "Weekly reflections", and, when it has them, its procedures, feedback, letters, daily log and
    checklist. Entries of no rotation, then the procedure counts of every rotation, contacts and certifications
    close the page under "Across rotations". The contents list the chapters, those two groups and the
    notebook-wide sections, not every entry.
    """
    index = DocIndex(doc)
    intro = join_blocks([heading(1, inline(title)), NOTHING_YET if index.is_empty else summary_line(index)])
    chapters = []
    for rot in index.rotations:
        chapters.append(rotation_md(index, rot, level=2, tz=tz))
        chapters += _groups(index, rot["uid"], tz, always=True)
    # Notebook-wide material (procedure counts, contacts, certifications) closes the page with what belongs to
    # no rotation, as in the Markdown folder's index.
    across = _groups(index, None, tz, always=False) + rotation_sections(index, None, 3) \
        + notebook_sections(index, 3)
    if across:
        chapters += [heading(2, "Across rotations")] + across
    page = page_from_markdown(title, intro, join_blocks(chapters), toc_labels=GROUPS + NOTEBOOK_WIDE)
    return {"clerkbook.html": encode(page)}


def _groups(index: DocIndex, rotation_uid: str | None, tz: tzinfo, *, always: bool) -> list[str]:
    # A rotation says "None recorded" like its other sections do; "Across rotations" shows only what it has.
    parts: list[str] = []
    notes, reflections = index.of(index.notes, rotation_uid), index.of(index.reflections, rotation_uid)
    if notes or always:
        parts += [heading(3, GROUPS[0])] + ([note_md(index, n, level=4, tz=tz) for n in notes] or [NONE_RECORDED])
    if reflections or always:
        parts += [heading(3, GROUPS[1])] + ([reflection_md(index, r, level=4, tz=tz) for r in reflections]
                                            or [NONE_RECORDED])
    return parts
