"""The benchmark's table, as printed and as written to bench/RESULTS.md, with the machine it ran on."""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path


@dataclass
class Row:
    """One line of the table: a measure, clerkbook's figure, the baseline's, their ratio, the target, the verdict."""

    measure: str
    value: str
    baseline: str
    ratio: str
    target: str
    passed: bool | None  # None: not measured
    detail: str = ""

    @property
    def verdict(self) -> str:
        """PASS, FAIL, or n/a when the measure could not be taken."""
        return {True: "PASS", False: "FAIL", None: "n/a"}[self.passed]


def ms(value: float) -> str:
    """A duration in milliseconds, as shown in the table."""
    return "—" if value is None or math.isnan(value) else f"{value:.0f} ms"


def ratio(a: float, b: float) -> str:
    """``a / b`` as "2.31x"."""
    if a is None or b is None or math.isnan(a) or math.isnan(b) or not b:
        return "—"
    return f"{a / b:.2f}x"


def _first_line(path: str, prefix: str) -> str:
    try:
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git(*args: str) -> str:
    root = Path(__file__).resolve().parent.parent
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> list[tuple[str, str]]:
    """What the numbers were measured on: hardware, software versions, the code's commit, the date."""
    mem_kb = _first_line("/proc/meminfo", "MemTotal")
    ram = f"{int(mem_kb.split()[0]) / 1024 / 1024:.1f} GiB" if mem_kb != "unknown" else mem_kb
    changed = [line for line in _git("status", "--short", "--", "clerkbook").splitlines() if line.strip()]
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    tree = f"{commit}" + (f" + {len(changed)} uncommitted change(s) under clerkbook/" if changed else " (clean)")
    return [
        ("Date", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", _first_line("/proc/cpuinfo", "model name")),
        ("Cores", f"{os.cpu_count()} (as seen by the OS)"),
        ("RAM", ram),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Python", sys.version.split()[0]),
        ("SQLite", sqlite3.sqlite_version),
        ("Textual", _version("textual")),
        ("SQLAlchemy / SQLModel", f"{_version('sqlalchemy')} / {_version('sqlmodel')}"),
        ("clerkbook", f"{_version('clerkbook')} at {tree}"),
    ]


def table(rows: list[Row]) -> str:
    """The Markdown table of results."""
    head = "| Measure | clerkbook | Baseline | Ratio | Target | Result |\n|---|---:|---:|---:|---|---|\n"
    return head + "\n".join(f"| {r.measure} | {r.value} | {r.baseline} | {r.ratio} | {r.target} | **{r.verdict}** |"
                            for r in rows) + "\n"


def plain(rows: list[Row]) -> str:
    """The table for a terminal: aligned columns, no Markdown."""
    cells = [("Measure", "clerkbook", "Baseline", "Ratio", "Target", "Result")]
    cells += [(r.measure, r.value, r.baseline, r.ratio, r.target, r.verdict) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(6)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def results_markdown(rows: list[Row], *, command: str, notebooks: list[str], notes: list[str],
                     details: list[str], load: str) -> str:
    """The whole of bench/RESULTS.md."""
    failed = [r.measure for r in rows if r.passed is False]
    out = ["# clerkbook benchmark results", "",
           f"Written by `{command}` (see [README.md](README.md) for what each figure means). "
           "Timings are medians over the repeated runs; the detail section gives each spread.", "",
           "## Machine", ""]
    out += [f"- **{name}**: {value}" for name, value in machine() + [("Load average", load)]]
    out += ["", "## Notebooks", ""] + [f"- {line}" for line in notebooks]
    out += ["", "## Results", "", table(rows)]
    out.append(f"**{sum(r.passed is True for r in rows)} of {len(rows)} targets met.**" +
               (f" Missed: {', '.join(failed)}." if failed else ""))
    out += ["", "## Details", ""] + [f"- {line}" for line in details]
    if notes:
        out += ["", "## Notes", ""] + [f"- {line}" for line in notes]
    return "\n".join(out) + "\n"
