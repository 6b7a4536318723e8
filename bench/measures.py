"""The seven measures of issue 5, each a function returning plain numbers for the report.

Every timed program is a fresh process with a clean environment (its own HOME, so no keymap or theme of the
person running the benchmark), started the same way as its baseline and interleaved with it, so that a
machine getting busier during the run hits both sides alike. Each measure makes one untimed warm-up run
first: the first start of a Python program also compiles bytecode and fills the page cache.
"""

from __future__ import annotations

import os
import re
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ptyrun import PtyProcess

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
CLERKBOOK = str(Path(PYTHON).with_name("clerkbook"))
FLOOR_ARGV = [PYTHON, str(BENCH / "floor_app.py")]
FLOOR_MARKER = "floor app ready"
#: A pane title, drawn in the shift screen's very first frame, before any data has been read.
PAINT_MARKER = "Patient to-dos"
#: How much of the first open to-do to wait for: the to-do pane shows about 37 characters of its text at 120x40.
DATA_CHARS = 20
START_TIMEOUT = 30.0
#: Idle CPU is also read every this many seconds, to tell a burst from a steady cost.
SLICE = 5.0


@dataclass
class Series:
    """Repeated measurements of one thing, in the unit given."""

    values: list[float] = field(default_factory=list)
    unit: str = "ms"

    @property
    def median(self) -> float:
        """The median value (NaN with no values)."""
        return statistics.median(self.values) if self.values else float("nan")

    def spread(self) -> str:
        """"min–max unit, n=N" for the details section."""
        if not self.values:
            return "no data"
        return f"{min(self.values):.0f}–{max(self.values):.0f} {self.unit}, n={len(self.values)}"


def child_env(home: Path) -> dict[str, str]:
    """A minimal environment: a real terminal type, a private HOME, nothing from Textual dev settings."""
    home.mkdir(parents=True, exist_ok=True)
    env = {"PATH": f"{Path(PYTHON).parent}:/usr/local/bin:/usr/bin:/bin", "HOME": str(home),
           "TERM": "xterm-256color", "LANG": "C.UTF-8", "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local/share")}
    if "TZ" in os.environ:
        env["TZ"] = os.environ["TZ"]
    return env


def _percent(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else float("nan")


# 1, 2 and 5: first paint, time to data, memory -----------------------------------------------------------


@dataclass
class StartResult:
    """Start-up of clerkbook on the big notebook against the floor app."""

    paint: Series = field(default_factory=Series)
    data: Series = field(default_factory=Series)
    floor: Series = field(default_factory=Series)
    rss_mib: Series = field(default_factory=lambda: Series(unit="MiB"))
    floor_rss_mib: Series = field(default_factory=lambda: Series(unit="MiB"))
    #: CPU time (user + system) the process had used at each marker: a cross-check that other load on the
    #: machine cannot inflate the way it inflates wall time.
    paint_cpu: Series = field(default_factory=Series)
    data_cpu: Series = field(default_factory=Series)
    floor_cpu: Series = field(default_factory=Series)
    failures: list[str] = field(default_factory=list)


def _start_once(argv: list[str], markers: list[str], env: dict[str, str], settle: float):
    with PtyProcess(argv, env) as process:
        found = process.wait_for(markers, START_TIMEOUT)
        process.drain(settle)  # let it finish what the frame started, then read its peak memory
        hwm = process.status("VmHWM")
        tail = process.screen_text[-400:]
    cpu = {marker: (None if seconds is None else seconds * 1000) for marker, seconds in process.cpu_at.items()}
    return found, (hwm / 1024 if hwm else None), tail, cpu


def measure_start(db: Path, data_text: str, env: dict[str, str], repeat: int, settle: float = 0.5) -> StartResult:
    """Time to first paint and to data of ``clerkbook --db db`` and the floor app, interleaved, ``repeat`` times."""
    result = StartResult()
    app_argv = [CLERKBOOK, "--db", str(db)]
    data_marker = data_text[:DATA_CHARS]
    for run in range(repeat + 1):
        found, rss, tail, cpu = _start_once(app_argv, [PAINT_MARKER, data_marker], env, settle)
        floor_found, floor_rss, floor_tail, floor_cpu = _start_once(FLOOR_ARGV, [FLOOR_MARKER], env, settle)
        if run == 0:
            continue  # the warm-up
        if found[PAINT_MARKER] is None or found[data_marker] is None:
            result.failures.append(f"clerkbook run {run}: markers seen {found}; screen ended with {tail!r}")
        if found[PAINT_MARKER] is not None:
            result.paint.values.append(found[PAINT_MARKER] * 1000)
        if found[data_marker] is not None:
            result.data.values.append(found[data_marker] * 1000)
        if floor_found[FLOOR_MARKER] is None:
            result.failures.append(f"floor run {run}: marker not seen; screen ended with {floor_tail!r}")
        else:
            result.floor.values.append(floor_found[FLOOR_MARKER] * 1000)
        for series, value in ((result.paint_cpu, cpu.get(PAINT_MARKER)), (result.data_cpu, cpu.get(data_marker)),
                              (result.floor_cpu, floor_cpu.get(FLOOR_MARKER))):
            if value is not None:
                series.values.append(value)
        if rss:
            result.rss_mib.values.append(rss)
        if floor_rss:
            result.floor_rss_mib.values.append(floor_rss)
    return result


# 6: idle CPU ---------------------------------------------------------------------------------------------


@dataclass
class IdleResult:
    """CPU used with no input over ``window`` seconds, as % of one core."""

    window: float
    app_percent: float | None = None
    floor_percent: float | None = None
    app_rss_mib: float | None = None
    floor_rss_mib: float | None = None
    #: clerkbook's CPU milliseconds in each :data:`SLICE`-second slice of the window.
    app_slices_ms: list[float] = field(default_factory=list)
    slice_ends: list[str] = field(default_factory=list)  # local wall-clock time at the end of each slice
    failures: list[str] = field(default_factory=list)


def _drain_all(processes: list[PtyProcess], seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while (left := deadline - time.perf_counter()) > 0:
        live = {process.fd: process for process in processes if not process.exited}
        if not live:
            time.sleep(left)
            return
        ready, _, _ = select.select(list(live), [], [], min(left, 1.0))
        for fd in ready:
            live[fd]._read(0)


def measure_idle(db: Path, data_text: str, env: dict[str, str], window: float, settle: float = 3.0) -> IdleResult:
    """Open clerkbook (data shown) and the floor app side by side, then count their CPU over ``window`` seconds.

    Both are idle and waiting on their terminal, so running them together costs neither anything and halves
    the wall time of the benchmark.
    """
    result = IdleResult(window=window)
    data_marker = data_text[:DATA_CHARS]
    app = PtyProcess([CLERKBOOK, "--db", str(db)], env)
    floor = PtyProcess(FLOOR_ARGV, env)
    try:
        app.start()
        floor.start()
        seen_app = app.wait_for([data_marker], START_TIMEOUT)[data_marker]
        seen_floor = floor.wait_for([FLOOR_MARKER], START_TIMEOUT)[FLOOR_MARKER]
        if seen_app is None or seen_floor is None:
            result.failures.append(f"idle: start markers not seen (clerkbook {seen_app}, floor {seen_floor})")
            return result
        _drain_all([app, floor], settle)  # start-up work (workers, first refreshes) is not idle time
        before = app.cpu_seconds(), floor.cpu_seconds()
        started = time.perf_counter()
        # In slices, so a burst (a clock update, a timer) shows apart from the steady idle cost.
        last = before[0]
        while (left := started + window - time.perf_counter()) > 0:
            _drain_all([app, floor], min(SLICE, left))
            now_cpu = app.cpu_seconds()
            if now_cpu is not None and last is not None:
                result.app_slices_ms.append((now_cpu - last) * 1000)
                result.slice_ends.append(time.strftime("%H:%M:%S"))
            last = now_cpu
        elapsed = time.perf_counter() - started
        after = app.cpu_seconds(), floor.cpu_seconds()
        if None in before or None in after:
            result.failures.append("idle: a process ended during the idle window")
            return result
        result.app_percent = _percent(after[0] - before[0], elapsed)
        result.floor_percent = _percent(after[1] - before[1], elapsed)
        result.app_rss_mib = (app.status("VmHWM") or 0) / 1024
        result.floor_rss_mib = (floor.status("VmHWM") or 0) / 1024
    finally:
        app.kill()
        floor.kill()
    return result


# 3: command-line capture ---------------------------------------------------------------------------------


@dataclass
class CliResult:
    """``clerkbook add todo`` against ``python -c "import sqlmodel"``."""

    capture: Series = field(default_factory=Series)
    baseline: Series = field(default_factory=Series)
    capture_cpu: Series = field(default_factory=Series)
    baseline_cpu: Series = field(default_factory=Series)
    failures: list[str] = field(default_factory=list)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(argv: list[str], env: dict[str, str], timeout: float = 120.0) -> tuple[float, float,
                                                                                subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds, the finished process) of one run of ``argv``."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - started, _children_cpu() - cpu_before, done


def measure_cli(db: Path, env: dict[str, str], repeat: int, scratch: Path) -> CliResult:
    """Wall time of a quick capture into a copy of the big notebook (the cached one stays as built)."""
    result = CliResult()
    copy = scratch / "cli-copy.db"
    shutil.copyfile(db, copy)
    capture = [CLERKBOOK, "--db", str(copy), "add", "todo", "Recheck K+ after repletion"]
    baseline = [PYTHON, "-c", "import sqlmodel"]
    try:
        for run in range(repeat + 1):
            seconds, cpu, done = _timed(capture, env)
            base_seconds, base_cpu, base_done = _timed(baseline, env)
            if done.returncode != 0 or base_done.returncode != 0:
                result.failures.append(f"cli run {run}: exit {done.returncode}/{base_done.returncode}: "
                                       f"{(done.stderr or base_done.stderr).strip()[-300:]}")
                continue
            if run:
                result.capture.values.append(seconds * 1000)
                result.baseline.values.append(base_seconds * 1000)
                result.capture_cpu.values.append(cpu * 1000)
                result.baseline_cpu.values.append(base_cpu * 1000)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return result


# 7: export -----------------------------------------------------------------------------------------------


@dataclass
class ExportResult:
    """Wall time of ``clerkbook export --format FMT`` on the big notebook."""

    fmt: str
    seconds: Series = field(default_factory=lambda: Series(unit="s"))
    cpu: Series = field(default_factory=lambda: Series(unit="s"))
    allow_phi: bool = False
    detail: str = ""
    failures: list[str] = field(default_factory=list)


def measure_export(db: Path, fmt: str, env: dict[str, str], repeat: int, scratch: Path,
                   budget: float) -> ExportResult:
    """Export ``repeat`` times (fewer once ``budget`` seconds are spent); --allow-phi only if the guard blocks."""
    result = ExportResult(fmt)
    spent = 0.0
    for run in range(repeat):
        if run and spent > budget:
            break
        folder = Path(tempfile.mkdtemp(prefix=f"export-{fmt}-", dir=scratch))
        argv = [CLERKBOOK, "--db", str(db), "export", "--format", fmt, "--out", str(folder / f"out-{fmt}")]
        try:
            seconds, cpu, done = _timed(argv + (["--allow-phi"] if result.allow_phi else []), env, timeout=600)
            if done.returncode == 3 and not result.allow_phi:
                # The PHI guard stopped it: say so, and measure the export itself from now on.
                result.allow_phi = True
                result.detail = done.stderr.strip().splitlines()[0] if done.stderr.strip() else "blocked"
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                seconds, cpu, done = _timed(argv + ["--allow-phi"], env, timeout=600)
            if done.returncode != 0:
                result.failures.append(f"export {fmt}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
                break
            result.seconds.values.append(seconds)
            result.cpu.values.append(cpu)
            spent += seconds
            # "Exported md to /scratch/... (folder, 17097 files)": the scratch path says nothing.
            result.detail = result.detail or re.sub(r" to .* \(", " (", done.stdout.strip())
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return result


# 4: search -----------------------------------------------------------------------------------------------


@dataclass
class SearchResult:
    """Latency of ``Notebook.search(query, limit=50)`` at the search notebook's size."""

    available: bool
    latencies_ms: list[float] = field(default_factory=list)
    queries: int = 0
    rounds: int = 0
    hits: dict[str, int] = field(default_factory=dict)
    by_query: dict[str, list[float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        """The ``p``-th percentile of the latencies (nearest rank)."""
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank]


def search_available() -> bool:
    """Whether this clerkbook has ``Notebook.search`` yet (it is being written alongside this benchmark)."""
    from clerkbook.store.notebook import Notebook

    return hasattr(Notebook, "search")


def _query_parser():
    """What turns typed text into the expression ``Notebook.search`` takes, as the CLI and search screen do."""
    try:
        from clerkbook.domain.search_query import parse_query
    except ImportError:  # an earlier shape of the API took the text itself
        return lambda text: text
    return parse_query


def measure_search(db: Path, queries: list[str], rounds: int) -> SearchResult:
    """p50/p95 over ``rounds`` passes of ``queries`` (after one untimed pass), in this process.

    Each call is timed from the typed text to the list of hits: parsing the text, then ``search(..., limit=50)``.
    """
    from clerkbook.store import open_notebook

    parse = _query_parser()
    result = SearchResult(available=True, queries=len(queries), rounds=rounds)
    with open_notebook(db) as notebook:
        if not hasattr(notebook, "search"):
            return SearchResult(available=False)
        for round_number in range(rounds + 1):
            for query in queries:
                started = time.perf_counter()
                try:
                    hits = list(notebook.search(parse(query), limit=50))
                except Exception as exc:  # noqa: BLE001 - an API still being written: report, never crash
                    result.failures.append(f"search({query!r}): {type(exc).__name__}: {exc}")
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                if round_number:
                    result.latencies_ms.append(elapsed)
                    result.by_query.setdefault(query, []).append(elapsed)
                else:
                    result.hits[query] = len(hits)
    return result
