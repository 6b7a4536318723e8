"""The full-screen Textual app. Only this package imports textual."""

from __future__ import annotations


def run_app(opener) -> str | None:
    """Run the full-screen notebook until the user quits; returns why it could not open, if it could not.

    ``opener()`` opens the notebook. It is called in the app's writer thread after the first frame is on
    screen, so the shift screen appears at once and the database layer loads behind it.
    """
    from clerkbook.ui.app import ClerkbookApp
    from clerkbook.ui.settings import UiSettings, default_settings_folder

    app = ClerkbookApp(opener=opener, settings=UiSettings.load(default_settings_folder()))
    app.run()
    return app.open_error
