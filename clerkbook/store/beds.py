"""Bed labels: when two name the same bed, and how a patient label splits into bed, age/sex and one-liner.

Plain functions without SQLModel, shared by the store and the plain-sqlite3 quick capture.
"""

from __future__ import annotations

import re

_LABEL_SPLIT = re.compile(r"\s*[·|]\s*")


def bed_key(bed: str) -> str:
    """What makes two bed labels the same bed: "Bed 7", "bed7", "B7" and "b-7" are one; "12B", "15A" keep letters."""
    text = re.sub(r"[\s\-_.#]", "", bed.lower())
    text = re.sub(r"^(bed|room|rm)", "", text)
    # A lone "B" before the number is shorthand for "bed".
    return text[1:] if re.fullmatch(r"b\d+", text) else text


def same_bed(a: str, b: str) -> bool:
    """Whether two bed labels name the same bed."""
    return bed_key(a) == bed_key(b)


def split_patient_label(label: str) -> tuple[str, str, str]:
    """Split "B12 · 67M · CHF exacerbation" (or with "|") into bed, age/sex and one-liner."""
    parts = [part.strip() for part in _LABEL_SPLIT.split(label.strip())]
    bed = parts[0] if parts else ""
    age_sex = parts[1] if len(parts) > 1 else ""
    summary = " · ".join(parts[2:]) if len(parts) > 2 else ""
    return bed, age_sex, summary
