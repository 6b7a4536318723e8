"""The full-screen Textual app. Only this package imports textual."""

from __future__ import annotations


def run_app(notebook) -> None:
    """Run the full-screen notebook on ``notebook`` until the user quits."""
    from clerkbook.ui.app import ClerkbookApp
    from clerkbook.ui.settings import UiSettings, default_settings_folder

    ClerkbookApp(notebook, settings=UiSettings.load(default_settings_folder())).run()
