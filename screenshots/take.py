"""Re-take the screenshots in this folder from the demo notebook at a fixed moment.

    python screenshots/take.py

Each screenshot is an SVG of the real app (the same setup as the snapshot
tests), so what the README shows is what a user sees.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from clerkbook.ui.showcase import showcase_app, steady

HERE = Path(__file__).resolve().parent

#: name -> (terminal size, keys pressed after the main screen is up)
SHOTS = {
    "main-screen": ((120, 40), []),
    "main-screen-80x24": ((80, 24), []),
    "note-editor": ((120, 40), ["3", "enter"]),
    "reflection-editor": ((120, 40), ["4", "enter"]),
    "capture": ((120, 40), ["ctrl+n", *"t Bed 9: CT abd pelvis @4pm"]),
    "export": ((120, 40), ["ctrl+e"]),
    "clerkship-logs": ((120, 40), ["f2"]),
    "procedure-counts": ((120, 40), ["f2", "2"]),
    "rotations": ((120, 40), ["f3"]),
    "daily-log": ((120, 40), ["f4"]),
    "sign-out": ((120, 40), ["f5"]),
    "lock": ((120, 40), ["ctrl+l"]),
}


async def take(name: str, size: tuple[int, int], keys: list[str], folder: Path) -> Path:
    """Run the showcase app, press ``keys``, and save an SVG screenshot."""
    with tempfile.TemporaryDirectory() as tmp:
        app = showcase_app(Path(tmp) / "demo.db")
        async with app.run_test(size=size) as pilot:
            await steady(pilot)
            for key in keys:
                await pilot.press(key)
            await steady(pilot)
            out = folder / f"{name}.svg"
            out.write_text(app.export_screenshot(title=f"clerkbook — {name.replace('-', ' ')}"), encoding="utf-8")
        app.notebook.close()
    return out


def main() -> None:
    """Take every screenshot."""
    for name, (size, keys) in SHOTS.items():
        print(asyncio.run(take(name, size, keys, HERE)))


if __name__ == "__main__":
    main()
