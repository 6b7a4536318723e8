"""Run a terminal program under a real pseudo-terminal and time when given text first appears on its screen.

The program gets a pty of a fixed size (TIOCSWINSZ before exec) as its controlling terminal, so it starts
exactly as it would in a terminal emulator: Textual's driver sees a tty, asks its size, and paints. The
output is read continuously (a program blocks once the pty buffer is full), escape sequences are stripped,
and each marker's time is taken from the moment just before ``fork``.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

# CSI (colours, cursor moves), OSC (titles, clipboard), DCS/APC strings, and two-byte escapes.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[P_^][^\x1b]*\x1b\\"
                      r"|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]")


def strip_escapes(text: str) -> str:
    """``text`` without terminal escape sequences."""
    return _ESCAPES.sub("", text)


class PtyProcess:
    """One program on its own pseudo-terminal: started, watched for text, measured, killed."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 120, rows: int = 40,
                 cwd: str | None = None) -> None:
        self.argv, self.env, self.cols, self.rows, self.cwd = argv, env, cols, rows, cwd
        self.pid = -1
        self.fd = -1
        self.started = 0.0
        self.raw = bytearray()
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""  # decoded text not yet stripped (may end inside an escape sequence)
        self.screen_text = ""  # everything printed so far, escapes removed
        self.exited = False
        #: CPU seconds the program had used when each marker was first seen (see :meth:`wait_for`).
        self.cpu_at: dict[str, float | None] = {}

    def start(self) -> None:
        """Fork onto a new pty and exec the program; the clock starts here."""
        size = struct.pack("HHHH", self.rows, self.cols, 0, 0)
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal before the program can ask for it
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, size)
                if self.cwd:
                    os.chdir(self.cwd)
                os.execve(self.argv[0], self.argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    def _read(self, timeout: float) -> bool:
        """Read what is available within ``timeout``; False once the program has gone."""
        if self.exited:
            return False
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the child closed its side of the pty
            chunk = b""
        if not chunk:
            self.exited = True
            return False
        self.raw += chunk
        text = self._pending + self._decoder.decode(chunk)
        # Keep an unfinished escape sequence at the end for the next chunk.
        cut = text.rfind("\x1b")
        if cut != -1 and len(text) - cut < 64 and not _ESCAPES.match(text, cut):
            text, self._pending = text[:cut], text[cut:]
        else:
            self._pending = ""
        self.screen_text += strip_escapes(text)
        return True

    def wait_for(self, markers: list[str], timeout: float) -> dict[str, float | None]:
        """Seconds from start until each marker was first seen (None if not within ``timeout``)."""
        found: dict[str, float | None] = dict.fromkeys(markers)
        deadline = self.started + timeout
        scanned = 0
        while any(value is None for value in found.values()):
            now = time.perf_counter()
            if now >= deadline or not self._read(min(0.05, deadline - now)):
                break
            seen_at = time.perf_counter() - self.started
            # Look only at new text (plus an overlap as long as the longest marker).
            window = self.screen_text[max(0, scanned - max(map(len, markers))):]
            for marker in markers:
                if found[marker] is None and marker in window:
                    found[marker] = seen_at
                    # CPU used so far barely depends on what else the machine runs, unlike wall time.
                    self.cpu_at[marker] = self.cpu_seconds()
            scanned = len(self.screen_text)
        return found

    def drain(self, seconds: float) -> None:
        """Keep reading (so the program never blocks on output) for ``seconds``."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            if not self._read(min(left, 0.5)):
                time.sleep(left)
                return

    def send(self, data: bytes) -> None:
        """Type ``data`` into the program's terminal."""
        os.write(self.fd, data)

    def status(self, key: str) -> int | None:
        """A kB figure from /proc/PID/status (VmHWM, VmRSS), or None if the process is gone."""
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as stream:
                for line in stream:
                    if line.startswith(key + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def cpu_seconds(self) -> float | None:
        """User + system CPU seconds the process has used so far (/proc/PID/stat), or None if gone."""
        try:
            with open(f"/proc/{self.pid}/stat", encoding="ascii") as stream:
                fields = stream.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        # After the ")" that ends the command name, utime and stime are the 12th and 13th fields.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        """SIGKILL the program (and anything it started in its session) and reap it."""
        if self.pid > 0:
            for target in (lambda: os.killpg(self.pid, signal.SIGKILL), lambda: os.kill(self.pid, signal.SIGKILL)):
                try:
                    target()
                except (ProcessLookupError, PermissionError):
                    pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = -1
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> "PtyProcess":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.kill()
