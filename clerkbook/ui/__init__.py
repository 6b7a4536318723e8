"""The full-screen Textual app. Only this package imports textual."""

from __future__ import annotations


def run_app(opener, reader=None) -> str | None:
    """Run the full-screen notebook until the user quits; returns why it could not open, if it could not.

    ``opener()`` opens the notebook. It is called in the app's writer thread once the shift screen shows
    its data, so the screen fills at once and the database layer loads behind it. ``reader()`` opens the
    plain-sqlite3 reader that data is read with (see :func:`clerkbook.store.shift_read.open_shift_reader`).
    """
    from clerkbook.ui.app import ClerkbookApp
    from clerkbook.ui.settings import UiSettings, default_settings_folder

    app = ClerkbookApp(opener=opener, reader=reader, settings=UiSettings.load(default_settings_folder()))
    app.run()
    return app.open_error
