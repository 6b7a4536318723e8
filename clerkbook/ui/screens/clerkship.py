"""The clerkship screen: procedures with their counts, feedback, letters, contacts, the checklist, reminders.

A tab per log, each a table: a adds, e or Enter edits, d deletes (after a question). Reads run in a
thread worker and writes go through the app's writer, like every other screen; the reminders line at
the top comes from :func:`clerkbook.domain.reminders.clerkship_reminders`.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from clerkbook.models.kinds import ChecklistStatus, LetterStatus
from clerkbook.store.errors import NotebookError
from clerkbook.ui.clerkship_logs import COLUMNS, describe, form_fields, load_view, operation, rows
from clerkbook.ui.widgets.log_table import LogTable

#: The tabs, in order: (tab id, title, log shown).
TABS = [("procedures", "Procedures", "procedure"), ("counts", "Counts", "counts"),
        ("feedback", "Feedback", "feedback"), ("letters", "Letters", "letter"), ("contacts", "Contacts", "contact"),
        ("reminders", "Reminders", None), ("checklist", "Checklist", "checklist")]
#: Tabs that show more than one log: the checklist's documents, then certifications, one above the other.
_EXTRA_LOGS = {"checklist": "certification"}
_NOUNS = {"procedure": "procedure", "feedback": "feedback", "letter": "letter", "contact": "contact",
          "checklist": "document", "certification": "certification"}
#: Quick keys and the tabs where each applies.
_QUICK = {"next_status": ("letters", "checklist"), "thanked": ("contacts",), "update_sent": ("contacts",),
          "acted": ("feedback",)}


class ClerkshipLoaded(Message):
    """A worker read the logs (``view``), or could not (``error``)."""

    def __init__(self, view, error: str | None = None) -> None:
        super().__init__()
        self.view = view
        self.error = error


class ClerkshipScreen(Screen[None]):
    """Procedures, feedback, letters and contacts, one tab each, with the reminders they call for.

    ``img``: warn of letter deadlines three weeks ahead (default: the app settings' ``img``, else two).
    ``select``: (log, entry id) to show first, its tab open and its row under the cursor (as search opens it).
    """

    BINDINGS = [
        Binding("escape", "close", "Back", id="clerkship.close"),
        Binding("1", "show_tab('procedures')", "Procedures", id="clerkship.tab_procedures", show=False),
        Binding("2", "show_tab('counts')", "Counts", id="clerkship.tab_counts", show=False),
        Binding("3", "show_tab('feedback')", "Feedback", id="clerkship.tab_feedback", show=False),
        Binding("4", "show_tab('letters')", "Letters", id="clerkship.tab_letters", show=False),
        Binding("5", "show_tab('contacts')", "Contacts", id="clerkship.tab_contacts", show=False),
        Binding("6", "show_tab('reminders')", "Reminders", id="clerkship.tab_reminders", show=False),
        Binding("7", "show_tab('checklist')", "Checklist", id="clerkship.tab_checklist", show=False),
        Binding("s", "next_status", "Next status", id="clerkship.next_status"),
        Binding("t", "thanked", "Thanked today", id="clerkship.thanked"),
        Binding("u", "update_sent", "Update sent today", id="clerkship.update_sent"),
        Binding("x", "acted", "Acted on it", id="clerkship.acted"),
    ]
    DEFAULT_CSS = """
    ClerkshipScreen #clerkship-heading { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    ClerkshipScreen #reminder-line { height: 1; padding: 0 1; color: $text-muted; }
    ClerkshipScreen #reminder-line.-urgent { color: $warning; }
    ClerkshipScreen TabbedContent { height: 1fr; }
    ClerkshipScreen TabPane { padding: 0; }
    ClerkshipScreen DataTable { height: 1fr; }
    ClerkshipScreen #reminder-list { padding: 1 2; }
    ClerkshipScreen .log-title { height: 1; padding: 0 1; text-style: bold; color: $text-primary; }
    """

    def __init__(self, *, img: bool | None = None, select: tuple[str, int] | None = None) -> None:
        super().__init__()
        self._img = img
        self.view = None
        self._select = select

    @property
    def img(self) -> bool:
        """Whether letter deadlines are warned of early, as for an IMG."""
        if self._img is not None:
            return self._img
        return bool(getattr(getattr(self.app, "settings", None), "img", False))

    def compose(self) -> ComposeResult:
        yield Static(Content("Clerkship"), id="clerkship-heading")
        yield Static(Content("Loading…"), id="reminder-line")
        with TabbedContent(id="tabs", initial=self._tab_of(self._select[0]) if self._select else ""):
            for tab_id, title, log in TABS:
                with TabPane(title, id=tab_id):
                    if log == "counts":
                        yield DataTable(id="table-counts", cursor_type="row", zebra_stripes=True)
                    elif log is None:
                        yield Static(id="reminder-list")
                    elif log in _EXTRA_LOGS:
                        yield Static(Content("Documents for this rotation"), classes="log-title")
                        yield LogTable(log, id=f"table-{log}")
                        yield Static(Content("Certifications (tab moves here)"), classes="log-title")
                        yield LogTable(_EXTRA_LOGS[log], id=f"table-{_EXTRA_LOGS[log]}")
                    else:
                        yield LogTable(log, id=f"table-{log}")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#table-{self._select[0] if self._select else 'procedure'}", LogTable).focus()
        self.reload()

    @staticmethod
    def _tab_of(log: str) -> str:
        return next(tab_id for tab_id, _, shown in TABS if shown == log)

    # Loading ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the logs again, in a worker; the tables update when it is done."""
        self._load()

    @work(thread=True, exclusive=True, group="clerkship-load")
    def _load(self) -> None:
        try:
            notebook = self.app.notebook
            view = load_view(notebook, self.app.clock(), img=self.img)
        except NotebookError as exc:
            self.post_message(ClerkshipLoaded(None, str(exc)))
            return
        self.post_message(ClerkshipLoaded(view))

    def on_clerkship_loaded(self, message: ClerkshipLoaded) -> None:
        if message.view is None:
            self.query_one("#reminder-line", Static).update(Content(message.error or ""))
            return
        view = self.view = message.view
        current = view.rotations.get(view.current_rotation_id, "no rotation yet")
        self.query_one("#clerkship-heading", Static).update(Content(f"Clerkship · {current}"))
        for log in ("procedure", "feedback", "letter", "contact", "checklist", "certification"):
            self.query_one(f"#table-{log}", LogTable).show(COLUMNS[log], rows(log, view))
        counts = self.query_one("#table-counts", DataTable)
        counts.clear(columns=True)
        counts.add_columns(*COLUMNS["counts"])
        for number, cells in rows("counts", view):
            counts.add_row(*cells, key=str(number))
        self._show_reminders(view.reminders)
        if self._select is not None:
            self._show_selected(*self._select)
            self._select = None

    def _show_selected(self, log: str, entry_id: int) -> None:
        table = self.query_one(f"#table-{log}", LogTable)
        if str(entry_id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(entry_id)))
        else:
            self.notify(f"That {_NOUNS[log]} was deleted.", severity="warning")

    def _show_reminders(self, reminders) -> None:
        line = self.query_one("#reminder-line", Static)
        urgent = any(r.urgent for r in reminders)
        line.set_class(urgent, "-urgent")
        if not reminders:
            line.update(Content("No reminders."))
        else:
            count = f"{len(reminders)} reminder{'s' if len(reminders) > 1 else ''} (6 shows all): "
            line.update(Content(count + reminders[0].text))
        listing = [Content.assemble(("! " if r.urgent else "· ", "bold $warning" if r.urgent else ""), r.text)
                   for r in reminders]
        self.query_one("#reminder-list", Static).update(
            Content("\n").join(listing) if listing else Content("Nothing to remind you of."))

    # Tabs ------------------------------------------------------------------------------------------------

    @property
    def active_tab(self) -> str:
        """The id of the tab shown."""
        return self.query_one("#tabs", TabbedContent).active

    def action_show_tab(self, tab_id: str) -> None:
        """Show a tab and put the keyboard in its table."""
        self.query_one("#tabs", TabbedContent).active = tab_id
        self._focus_tab(tab_id)

    def _focus_tab(self, tab_id: str) -> None:
        tables = self.query_one(f"#{tab_id}", TabPane).query(DataTable)
        if tables:
            tables.first().focus()
        else:
            # The reminders have no table. Focus left in a hidden table (the checklist's) is moved to its
            # neighbour in the same pane, which would bring that tab back over the one just asked for.
            self.set_focus(None)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._focus_tab(event.pane.id or "")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _QUICK:
            return self.is_mounted and self.active_tab in _QUICK[action]
        return True

    # Adding, editing, deleting --------------------------------------------------------------------------

    def on_log_table_action_chosen(self, message: LogTable.ActionChosen) -> None:
        message.stop()
        if self.view is None:
            return
        log = message.table.kind
        entry = self.view.entry(log, message.entry_id)
        if message.action == "add":
            if not self.view.rotations and log != "certification":
                self.notify("No rotation yet: create one first (ctrl+p, New rotation).", severity="warning")
                return
            self._form(log, None)
        elif entry is None:
            return
        elif message.action == "delete":
            self._delete(log, entry)
        else:
            self._form(log, entry)

    def _form(self, log: str, entry, fields=None, problem: str = "") -> None:
        from clerkbook.ui.dialogs.entry_form import EntryForm, refilled

        noun = _NOUNS[log]
        title = f"Edit {noun}: {describe(log, entry)}" if entry is not None else f"Add {noun}"
        fields = fields if fields is not None else form_fields(log, self.view, entry)

        def done(row) -> None:
            self.notify(f"Saved {describe(log, row)}.", markup=False)
            if entry is None:
                # The reload that follows puts the cursor on the new row: the next key (x, s, t) acts on it.
                self._select = (log, row.id)

        def saved(values) -> None:
            if values is not None:
                # A refused save (feedback acted on before it was given) reopens the form with what was typed.
                self.app.submit(operation(log, values, self.app.clock().date(), entry), then=done,
                                on_error=lambda error: self._form(log, entry, refilled(fields, values), error))

        self.app.push_screen(EntryForm(title, fields, self.app.clock(), problem), saved)

    def _delete(self, log: str, entry) -> None:
        from clerkbook.ui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                delete = "delete_checklist_item" if log == "checklist" else f"delete_{log}"
                self.app.submit(lambda nb: getattr(nb, delete)(entry.id),
                                then=lambda row: self.notify(f"Deleted {describe(log, row)}.", markup=False))

        self.app.push_screen(ConfirmDialog(f"Delete {describe(log, entry)}?", "Delete"), answered)

    def _highlighted(self, log: str):
        if self.view is None:
            return None
        return self.view.entry(log, self.query_one(f"#table-{log}", LogTable).entry_id)

    def action_next_status(self) -> None:
        """Move the highlighted letter or document on a status (a letter: to ask → asked → ... → received)."""
        today = self.app.clock().date()
        if self.active_tab == "checklist":
            # A document sent back is set to needed in its form (e), as a letter's status is.
            self._step_status(self._highlighted("checklist"), ChecklistStatus,
                              lambda item: f"{item.name} is already done.",
                              lambda nb, entry_id, status: nb.update_checklist_item(entry_id, status=status,
                                                                                    today=today),
                              lambda row: f"{row.name}: {row.status.value}.")
        else:
            self._step_status(self._highlighted("letter"), LetterStatus,
                              lambda letter: f"The letter from {letter.attending} is already received.",
                              lambda nb, entry_id, status: nb.update_letter(entry_id, status=status, today=today),
                              lambda row: f"Letter from {row.attending}: {row.status.value}.")

    def _step_status(self, entry, statuses, at_last, update, said) -> None:
        # One status on, and no further: going round would wipe the day the entry really got there.
        if entry is None:
            return
        order = list(statuses)
        status = statuses(entry.status)
        if status == order[-1]:
            self.notify(at_last(entry), markup=False)
            return
        following = order[order.index(status) + 1]
        self.app.submit(lambda nb: update(nb, entry.id, following),
                        then=lambda row: self.notify(said(row), markup=False))

    def _contact_day(self, field: str, what: str) -> None:
        contact = self._highlighted("contact")
        if contact is None:
            return
        today = self.app.clock().date()
        self.app.submit(lambda nb: nb.update_contact(contact.id, **{field: today}),
                        then=lambda row: self.notify(f"{what} {row.name} today.", markup=False))

    def action_thanked(self) -> None:
        """Record a thank-you sent today to the highlighted contact."""
        self._contact_day("thanked", "Thank-you sent to")

    def action_update_sent(self) -> None:
        """Record a progress update sent today to the highlighted contact."""
        self._contact_day("last_update", "Update sent to")

    def action_acted(self) -> None:
        """Write what you did about the highlighted feedback, and when."""
        from clerkbook.ui.dialogs.entry_form import FormField

        feedback = self._highlighted("feedback")
        if feedback is None:
            return
        now = self.app.clock()
        self._acted_form(feedback, [FormField("acted_date", "When", "day", value=feedback.acted_date or now.date()),
                                    FormField("acted_text", "What I did", value=feedback.acted_text, required=True)])

    def _acted_form(self, feedback, fields, problem: str = "") -> None:
        from clerkbook.ui.dialogs.entry_form import EntryForm, refilled

        now = self.app.clock()

        def saved(values) -> None:
            if values is not None:
                day = values["acted_date"] or now.date()
                self.app.submit(lambda nb: nb.act_on_feedback(feedback.id, values["acted_text"], day=day),
                                on_error=lambda error: self._acted_form(feedback, refilled(fields, values), error))

        self.app.push_screen(EntryForm(f"Acted on {describe('feedback', feedback)}", fields, now, problem), saved)

    def action_close(self) -> None:
        """Back to the shift screen."""
        self.dismiss(None)
