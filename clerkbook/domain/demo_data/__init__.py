"""The text of the demo notebook: two fictional, de-identified rotations.

Every patient, teacher and event here is invented. Patients appear only as bed,
age/sex and a one-liner; teachers only by role or initial. No text holds a
name, a record number or a date: dates are computed by ``demo.py`` from "now".

Row shapes (indexes refer to the rotation's PATIENTS list):
  PATIENTS   (bed, age_sex, summary, tags)
  TODOS      see demo.py: IM rows (patient, kind, text, day, "HH:MM"), all done;
             surgery rows (patient, kind, text, due, done_minutes_ago)
  POINTS     (text, topic, source, starred, patient, tags)
  QUESTIONS  (text, answer or "", patient)
  NOTES      dict(key, kind, patient, title, versions=[(status, sections), ...], copy_from?, tags?)
  REFLECTIONS one dict of fields per week, in order
"""

from clerkbook.domain.demo_data.medicine import (
    IM,
    IM_DISCHARGED,
    IM_NOTES,
    IM_PATIENTS,
    IM_POINTS,
    IM_QUESTIONS,
    IM_REFLECTIONS,
    IM_TODOS,
)
from clerkbook.domain.demo_data.surgery import (
    SURG,
    SURG_DISCHARGED,
    SURG_NOTES,
    SURG_PATIENTS,
    SURG_POINTS,
    SURG_QUESTIONS,
    SURG_REFLECTIONS,
    SURG_TODOS,
)

__all__ = [
    "IM",
    "IM_PATIENTS",
    "IM_DISCHARGED",
    "IM_TODOS",
    "IM_POINTS",
    "IM_QUESTIONS",
    "IM_NOTES",
    "IM_REFLECTIONS",
    "SURG",
    "SURG_PATIENTS",
    "SURG_DISCHARGED",
    "SURG_TODOS",
    "SURG_POINTS",
    "SURG_QUESTIONS",
    "SURG_NOTES",
    "SURG_REFLECTIONS",
]
