"""Printing entries as aligned text or as JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NoReturn

import click


def row_json(row, **extra) -> dict:
    """A table row as a JSON-ready dict (datetimes as ISO-8601 with offset), plus ``extra`` keys."""
    data = row.model_dump(mode="json")
    data.update(extra)
    return data


def echo_json(items: list[dict]) -> None:
    """Print ``items`` as a JSON array."""
    click.echo(json.dumps(items, indent=2, ensure_ascii=False))


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, styles: Sequence[dict] | None = None) -> None:
    """Print an aligned table; the last column is left free to run long."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(cell))
    click.echo(click.style("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip(), bold=True))
    for index, row in enumerate(rows):
        line = "  ".join(cell.ljust(widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row))
        click.echo(click.style(line.rstrip(), **(styles[index] if styles else {})))


def local_time(moment: datetime | None) -> str:
    """A stored UTC moment shown in local time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


#: The exit status when the PHI guard stops something leaving the notebook (export, sign-out sheet).
EXIT_BLOCKED = 3
_SHOWN_FINDINGS = 50


def exit_blocked(described: Sequence[str], message: str) -> NoReturn:
    """List what the PHI guard found (the first fifty), say ``message`` and exit with :data:`EXIT_BLOCKED`."""
    for line in described[:_SHOWN_FINDINGS]:
        click.echo(f"  {line}", err=True)
    if len(described) > _SHOWN_FINDINGS:
        click.echo(f"  ... and {len(described) - _SHOWN_FINDINGS} more", err=True)
    click.echo(f"clerkbook: {message}", err=True)
    raise SystemExit(EXIT_BLOCKED)


def echo_findings_kept(kinds: Iterable[str], *, redacted: bool, what: str) -> None:
    """After writing with ``--redact`` or ``--allow-phi``: how many identifiers of which kinds, and what became of them."""
    counts = Counter(kinds)
    if not counts:
        return
    total = sum(counts.values())
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.most_common())
    if redacted:
        click.echo(f"Redacted {total} possible identifiers ({summary}).")
    else:
        click.echo(f"Warning: {total} possible identifiers left in ({summary}), as asked with --allow-phi. "
                   f"Keep this {what} private.", err=True)
