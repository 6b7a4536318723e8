"""Building an app on a real notebook file for Pilot tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from clerkbook.store import open_notebook
from clerkbook.ui.app import ClerkbookApp
from clerkbook.ui.settings import UiSettings

NOW = datetime(2026, 11, 25, 10, 15, tzinfo=ZoneInfo("America/New_York"))


class Clock:
    """A clock tests can move."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def ward_notebook(path):
    """A rotation with two patients and a few to-dos, one overdue."""
    nb = open_notebook(path)
    nb.add_rotation("Surgery", site="Lakeside Medical Center", service="Acute care surgery",
                    start=date(2026, 11, 9), end=date(2026, 12, 18))
    b12 = nb.add_patient("B12", "67M", "CHF exacerbation")
    b7 = nb.add_patient("B7", "54F", "POD1 lap chole")
    nb.add_todo("f/u K+ after repletion", kind="lab", patient_id=b12.id, due_at=NOW - timedelta(minutes=15))
    nb.add_todo("check echo report", kind="imaging", patient_id=b12.id, due_at=NOW + timedelta(minutes=40))
    nb.add_todo("discharge teaching", kind="task", patient_id=b7.id)
    nb.add_todo("read about Ranson criteria")
    return nb


def make_app(nb, clock=None, **kwargs) -> ClerkbookApp:
    """The app on ``nb`` with a frozen clock and no settings folder."""
    return ClerkbookApp(nb, clock=clock or Clock(), settings=UiSettings(), autosave_delay=0.2, **kwargs)
