"""The app's own settings: remapped keys, the idle lock and the chosen theme.

Kept apart from the notebook: they describe this machine's terminal, not the
clerkship. ``keymap.toml`` and ``settings.toml`` are written by the user;
``state.json`` by the app.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

#: The app locks itself after this long without a key press or mouse event, unless settings.toml says otherwise.
DEFAULT_LOCK_AFTER_MINUTES = 5


@dataclass
class UiSettings:
    """Keymap, idle lock and theme, read from and saved to ``folder`` (None: nothing is read or written).

    ``lock_after`` is in seconds; None never locks by itself (the lock key still works).
    """

    folder: Path | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    lock_after: float | None = DEFAULT_LOCK_AFTER_MINUTES * 60
    #: An international medical graduate: letters pass through ECFMG to ERAS, so deadlines are warned of earlier.
    img: bool = False
    problems: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path | None) -> "UiSettings":
        """Read the settings in ``folder``; a broken file is reported, never fatal."""
        settings = cls(folder=folder)
        if folder is None:
            return settings
        keymap_file = folder / "keymap.toml"
        if keymap_file.exists():
            try:
                keys = tomllib.loads(keymap_file.read_text(encoding="utf-8")).get("keys", {})
                settings.keymap = _flatten(keys)
            except (OSError, tomllib.TOMLDecodeError, AttributeError) as exc:
                settings.problems.append(f"{keymap_file} was not used: {exc}")
        settings_file = folder / "settings.toml"
        if settings_file.exists():
            settings._read_settings_file(settings_file)
        state_file = folder / "state.json"
        if state_file.exists():
            try:
                settings.theme = json.loads(state_file.read_text(encoding="utf-8")).get("theme")
            except (OSError, ValueError, AttributeError):
                settings.problems.append(f"{state_file} was not used: it is not valid JSON")
        return settings

    def _read_settings_file(self, path: Path) -> None:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
            minutes = document.get("privacy", {}).get("lock_after_minutes", DEFAULT_LOCK_AFTER_MINUTES)
            img = document.get("profile", {}).get("img", False)
        except (OSError, tomllib.TOMLDecodeError, AttributeError) as exc:
            self.problems.append(f"{path} was not used: {exc}")
            return
        if isinstance(img, bool):
            self.img = img
        else:
            self.problems.append(f"{path}: img must be true or false")
        if isinstance(minutes, bool) or not isinstance(minutes, int | float) or minutes < 0:
            self.problems.append(f"{path}: lock_after_minutes must be a number of minutes (0 turns the idle lock off)")
            return
        self.lock_after = minutes * 60 if minutes else None

    def save_theme(self, theme: str) -> None:
        """Remember the theme for next time."""
        self.theme = theme
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / "state.json.tmp"
            tmp.write_text(json.dumps({"theme": theme}), encoding="utf-8")
            os.replace(tmp, self.folder / "state.json")
        except OSError:
            pass  # A read-only config folder must not stop anyone working.


def default_settings_folder() -> Path:
    """The user's config folder for clerkbook (e.g. ~/.config/clerkbook)."""
    from platformdirs import user_config_path

    return user_config_path("clerkbook", appauthor=False)


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    # In TOML, an unquoted todo.toggle = "x" is a nested table; accept it like "todo.toggle".
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat
