"""The names drafts are kept under, apart from :mod:`clerkbook.store.drafts` so the UI can name one without
importing SQLAlchemy (see ``tests/test_import_hygiene.py`` for why that matters at start-up)."""

#: The capture line's draft.
CAPTURE_DRAFT = "capture"
