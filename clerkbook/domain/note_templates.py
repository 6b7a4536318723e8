"""Starting text for a new note: the headings a resident expects to find in each section.

From the note formats students use (see the clerkship design card): SOAP and
progress notes follow subjective / objective / assessment by problem / plan;
the H&P adds the history, the review of systems and the exam by system.
"""

from __future__ import annotations

SOAP = {
    "subjective": "Overnight events: \nSymptoms: \nNew complaints: ",
    "objective": "Vitals (24 h): T  HR  BP  RR  SpO2 \nI/O:   Weight: \nExam: \nLabs: \nImaging: \nKey medications: ",
    "assessment": "1. Problem — improving / stable / worsening, because ",
    "plan": "1. ",
}

HP = {
    "chief_complaint": "",
    "hpi": "Onset: \nLocation: \nDuration: \nCharacter: \nAggravating / alleviating: \nRadiation: \nTiming: \n"
           "Severity: \nAssociated symptoms: ",
    "pmh": "",
    "psh": "",
    "medications": "",
    "allergies": "NKDA / ",
    "social_history": "Tobacco: \nAlcohol: \nSubstances: \nLiving situation: \nOccupation: ",
    "family_history": "",
    "ros": "Constitutional: \nCardiovascular: \nRespiratory: \nGI: \nGU: \nMSK: \nSkin: \nNeuro: \nPsych: ",
    "physical_exam": "General: \nVitals: \nHEENT: \nNeck: \nCV: \nResp: \nAbdomen: \nExtremities: \nSkin: \nNeuro: ",
    "data": "Labs: \nImaging: \nECG: ",
    "assessment": "Summary statement: \nProblem list (prioritised): \nDifferential: ",
    "plan": "1. ",
}

TEMPLATES = {"soap": SOAP, "hp": HP, "progress": SOAP}


def note_template(kind: str) -> dict[str, str]:
    """The starting sections for a new note of ``kind`` ("soap", "hp" or "progress")."""
    return dict(TEMPLATES[str(kind)])
