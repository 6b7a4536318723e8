"""Printing entries as aligned text or as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

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
