"""Exports: the notebook as Markdown, HTML, JSON, an Anki deck or an interview dossier, behind the PHI guard.

The store turns the notebook into one plain document (:meth:`Notebook.export_document`); everything here works
on that document: :mod:`.select` narrows it, :mod:`.guard` scans and redacts it, the renderers turn it into
files, and :mod:`.pipeline` ties them together for the command line and the app alike.
"""
