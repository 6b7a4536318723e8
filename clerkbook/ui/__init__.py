"""The full-screen Textual app. Only this package imports textual."""

from __future__ import annotations


def run_app(opener, reader=None, unlock=None, unlock_label: str = "", passphrase: str | None = None) -> str | None:
    """Run the full-screen notebook until the user quits; returns why it could not open, if it could not.

    ``opener()`` opens the notebook. It is called in the app's writer thread once the shift screen shows
    its data, so the screen fills at once and the database layer loads behind it. ``reader()`` opens the
    plain-sqlite3 reader that data is read with (see :func:`clerkbook.store.shift_read.open_shift_reader`).
    ``unlock(passphrase)``, for an encrypted notebook whose passphrase is not known yet, checks what the
    user types in the app's passphrase prompt (an error text, or None when it opens the notebook);
    ``passphrase``, an encrypted notebook's passphrase already known, is what the lock screen asks for.
    """
    from clerkbook.ui.app import ClerkbookApp
    from clerkbook.ui.settings import UiSettings, default_settings_folder

    app = ClerkbookApp(opener=opener, reader=reader, settings=UiSettings.load(default_settings_folder()),
                       unlock=unlock, unlock_label=unlock_label, passphrase=passphrase)
    app.run()
    return app.open_error
