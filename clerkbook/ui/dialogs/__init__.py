"""Modal dialogs: confirm, text prompt, to-do and patient forms, new note. One per file."""
