"""The PHI guard: find the HIPAA Safe Harbor identifiers that plain rules can find, before text leaves the notebook.

Patients in clerkbook are de-identified by design (bed, age/sex, a one-liner), so this guards against slips:
"Mr. Hernandez", a phone number copied from the chart, "DOB 1/2/1950", "92-year-old". Exports run every
string through the rules, all texts at once (:mod:`clerkbook.domain.phi_batch`, which finds exactly what
:func:`scan` finds in each, using each rule's :class:`Gate` to skip texts it cannot match), and :func:`redact`.

Rules cannot see a bare name with no cue ("Linda called back"), so an empty scan is not a promise. The rules
are tuned the other way too: clinical text is full of numbers that look like identifiers (BP 120/80, pain 7/10,
ABG 7.32/48/65, CPT 99223, 67M, Dr K, Murphy's sign) and a guard that cries wolf gets ignored.

Standard library only. Every pattern is compiled once at import and is linear-time: no nested unbounded
repeats; patterns that could start mid-token carry a look-behind so they start only at a token's start; and
every run of blanks is possessive (``[ \t]*+``), which finds the same matches because what follows a run never
starts with a blank, but never retries a long run of spaces split every way between two runs in a row ("wife"
then 20,000 spaces once took minutes). tests/test_phi_speed.py holds every cue against such runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

__all__ = ["KINDS", "Finding", "Gate", "describe", "redact", "scan", "scan_many"]

KINDS = ("SSN", "EMAIL", "URL", "IP", "MRN", "ID", "PHONE", "DATE", "AGE", "ADDRESS", "ZIP", "NAME")
"""Every kind :func:`scan` reports. When findings overlap the longer wins; on a tie, the kind earlier here."""


@dataclass(frozen=True)
class Finding:
    """One identifier in a scanned string: its kind, the matched text, its offsets, and the caller's label."""

    kind: str
    text: str
    start: int
    end: int
    where: str = ""


# --- word lists ----------------------------------------------------------------------------------------------

# Capitalised words that follow "wife", "Pt", "Dr." and the like without being names.
_NOT_NAMES = frozenset("""
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Tomorrow Yesterday
    Also Alert Alive Ambulating And Are At Awake Aware Bedside Breast By Called Cancer Cleared Colon Comfortable
    Consult Deceased Declined Denies Died Doing Education Endorses Eval Evaluation Feeling For Had Has He Healthy
    Her Here His History Hx Improving In Is Lives Lung Negative No Not Notified Now On Oriented Ovarian Passed
    Positive Present Prostate Recommends Recs Refused Reports Resting Seen She Sleeping Stable States Still
    Stroke The They This Tolerating Updated Visiting Was Who With Yes
""".split())
_NOT_NAME = r"(?!(?:" + "|".join(sorted(_NOT_NAMES)) + r")\b)"
# A capitalised name word: Hernandez, McAllister, DeLuca, O'Brien, Chen-Watkins. Two letters at least, so the
# single-initial teachers ("Dr K", "Dr M") never match.
_NW = r"[A-Z](?:[a-z]+(?:[A-Z][a-z]+)?|['’][A-Z][a-z]+)(?:-[A-Z][a-z]+)?\b"
_NAME2 = rf"{_NOT_NAME}{_NW}(?:[ \t]++{_NOT_NAME}{_NW})?"
_PARTICLE = r"(?:da|das|de|del|della|der|des|di|do|dos|du|la|le|van|von|den|ten|ter|bin|ibn|al|el)"
_REL = (r"(?i:wife|husband|spouse|partner|son|daughter|mother|father|mom|dad|brother|sister|sibling|aunt|uncle"
        r"|niece|nephew|cousin|grand(?:son|daughter|mother|father|ma|pa)|fianc[eé]e?|girlfriend|boyfriend|friend"
        r"|neighbou?r|roommate|caregiver|guardian|proxy)(?:-in-law)?")
# A capitalised word then one of these is an eponym (Sister Mary Joseph nodule, mother ... Parkinson's disease).
_EPONYM_AFTER = re.compile(r"(?i)(?:['’]s?)?[ \t]+(?:disease|dementia|syndrome|sign|criteria|triad|point|patch"
                           r"|nodule|node|lymphoma|thyroiditis|palsy|ulcer|score|rule|phenomenon|maneuver)\b")
_NOT_A_PERSON_NAME = re.compile(r"(?i)\b(?:brand|trade|generic|drug|med|medication|product|file|user|test|study)"
                                r"[ \t]*$")

_MON = (r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
        r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|May|MAY)\b\.?")  # "may" in lower case is the verb
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_END = r"(?![\w]|[/.-]\d)"  # a number ends here: not glued to a word, not the middle of 7.32/48 or 1.2.3
_YEAR = rf"(?:19|20)\d\d{_END}"
_START = r"(?<![\w/.-])"    # ... and does not start inside one

# Words right before an m/d that make it a ratio, a setting or a score rather than a date ...
_RATIO_BEFORE = re.compile(
    r"(?i)\b(?:pain|strength|power|motor|gcs|ros|scores?|scale|murmurs?|grade[ds]?|reflexes|dtrs?|pulses|mmse"
    r"|moca|apgars?|ps|psv|cpap|bipap|ipap|epap|peep|vent|settings|ac|simv|prvc|h/h|h&h|hgb/hct|bp|i/o|i&o"
    r"|ratio|rated|vas|nrs|rass|cam|ciwa|cows|phq-?\d*|gad-?\d*|nihss|trops?|troponins?|trend(?:ing|ed)?|x"
    r"|out of|sats?|spo2|class|stage|tanner|cultures?|cx|bottles?|sets?|ecog|nyha|gleason|day|wbc|hgb|hct|plt"
    r"|vision|acuity|va)\W{0,3}$")
# A score out of ten a few words after the thing scored.
_SCALE_NEAR = re.compile(r"(?i)\b(?:pain|painful|discomfort|nausea|dyspnea|anxiety|itch(?:ing)?|fatigue|vas|nrs"
                         r"|scored?|rated?|rates)\b")
# ... words right after it that do the same ...
_RATIO_AFTER = re.compile(
    r"(?i)\W{0,2}(?:tabs?|tablets?|caps?|of|strength|power|murmurs?|pulses?|ns|normal|saline|systems?|doses?"
    r"|reflexes|dtrs?|bilat(?:erally)?|b/l|throughout|bue|ble|ue|le|rue|lue|rle|lle|upper|lower|proximal"
    r"|distal|holosystolic|systolic|diastolic|sem|hsm|cups?|scores?|criteria|points?|weeks?|wks?|days?"
    r"|patients?|pts|times|nights|mg|mcg|ml|units?|tsp|bottles?|sets?|cultures?|cx|lobes?|ribs?|digits?"
    r"|vessels?)\b")
# ... and words before it that make it a date whatever the numbers (weak cues lose to a plain fraction: "from 1/2").
_DATE_CUE = re.compile(
    r"(?i)\b(?:(?P<weak>from|to|until|till|thru|through|by|and)|on|since|dated?|dob|d\.o\.b|born|admit(?:ted)?"
    r"|admission|adm|discharged?|d/c|dc|dos|dod|seen|visit|appt|appointment|f/u|fu|follow[- ]?up|due|before"
    r"|after|starting|started|start|stopped|ended|effective|scheduled|sched|surgery|procedure|last|next|as of"
    r"|date|onset|expired|died|death|delivered|lmp|edd|edc|injury|returns?|back)\W{0,3}$")
_CODE_BEFORE = re.compile(r"(?i)\b(?:cpt|hcpcs|icd(?:-?\d+)?|ndc|code|lot|drg|loinc|snomed)\W{0,3}$")
_TEMP_BEFORE = re.compile(r"(?i)\b(?:t|tmax|tm|temps?|temperature|febrile|fevers?|afebrile|axillary|oral|rectal)"
                          r"\b\W{0,3}(?:(?:to|of|at|up to|max)\W{0,3})?$")
_STATES = ("AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY"
           "|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR")
_STREET = (r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Terrace|Ter|Way"
           r"|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl)")
# An identifier after its keyword: letters, digits, hyphens, with three digits at least ("serial q6h" is not one).
_IDTOK = r"(?=(?:[A-Za-z-]*\d){3})[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_NUMWORD = r"(?:[ \t]*+(?i:number|num|nbr|no|id|#)\.?)?[ \t]*+[:#=]?[ \t]*+"
_AGE_N = r"(?:9\d|1[0-2]\d)"  # over 89; Safe Harbor lets 89 and under stand


# --- checks: called with the text and the match, they say whether a candidate is really an identifier ---------

def _before(text: str, m: re.Match, n: int = 32) -> str:
    start = m.start("n") if "n" in m.re.groupindex else m.start()
    return text[max(0, start - n):start]


def _after(text: str, m: re.Match, n: int = 32) -> str:
    end = m.end("n") if "n" in m.re.groupindex else m.end()
    return text[end:end + n]


def _is_person(text: str, m: re.Match) -> bool:
    return not _EPONYM_AFTER.match(_after(text, m))


def _is_named_relative(text: str, m: re.Match) -> bool:  # "Linda Park (daughter)", not "Called Linda (wife)"
    return m.group("n").split()[0] not in _NOT_NAMES and _is_person(text, m)


def _is_month_day(text: str, m: re.Match) -> bool:
    month, day = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False  # BP 120/80, GCS 15/15, 24/7
    if day == 10 and _SCALE_NEAR.search(text[max(0, m.start() - 40):m.start()]):
        return False  # "pain down to 3/10", "pain improved from 6/10 to 3/10"
    if _RATIO_BEFORE.search(_before(text, m)) or _RATIO_AFTER.match(_after(text, m)):
        return False  # pain 7/10, PS 10/5, 5/5 strength, 3/4 of
    fraction = month <= day and day in (2, 3, 4, 5, 6, 10)  # 1/2, 2/6, 4/5, 7/10 are scales and fractions
    cue = _DATE_CUE.search(_before(text, m))
    if cue:
        return not (cue.group("weak") and fraction and day <= 4)
    return not fraction


def _is_full_date(text: str, m: re.Match) -> bool:
    a, b, year = int(m.group(1)), int(m.group(3)), m.group(4)
    if not ((1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)):
        return False
    if len(year) == 2:  # 12/15/18 can be a troponin trend or vent settings; 1/2/1950 cannot
        return m.group(2) == "/" and not _RATIO_BEFORE.search(_before(text, m))
    return True


def _is_age(text: str, m: re.Match) -> bool:  # "101F" after "Tmax" is a temperature
    return not (m.group().endswith("F") and _TEMP_BEFORE.search(_before(text, m)))


def _not_a_code(text: str, m: re.Match) -> bool:  # CPT 00840 is an anaesthesia code, not a ZIP
    return not _CODE_BEFORE.search(_before(text, m))


def _is_field_name(text: str, m: re.Match) -> bool:  # "name: Rosa Delgado", not "brand name: Lasix"
    return _is_person(text, m) and not _NOT_A_PERSON_NAME.search(text[max(0, m.start() - 32):m.start()])


Check = Callable[[str, re.Match], bool]


@dataclass(frozen=True)
class Gate:
    """A cheap necessary condition of one rule, so a batch scan (:mod:`clerkbook.domain.phi_batch`) runs the
    rule's regex only on the texts the gate fires on. A gate that could miss a match would hide an identifier:
    tests/test_phi_batch.py checks every gate against its rule.

    The gate reads the text *folded*: ASCII letters in lower case, every decimal digit as "0", other non-ASCII
    word characters as "_", other non-ASCII characters as "\x01" (the few that the rules' ``(?i)`` equates
    with ASCII letters, like the Kelvin sign, become those letters). ``words``: the rule needs one of these at
    the start of a word, right after one of the characters in ``before`` if that is set; ``after`` is then
    matched from the word's start (the word itself is put in front of it), and ``cased``, if set, is matched
    there in the text with its case kept. ``folded`` and ``cased_any``:
    patterns searched anywhere in the folded or case-kept text. A word must be whole (no word character
    follows it) unless ``prefix`` is set. The rule can match only where one of its gates fires. Gate patterns
    stay linear-time: runs of blanks between optional parts are possessive (``[ \t]*+``), as they can be
    when the part after a run cannot start with a blank.
    """

    words: tuple[str, ...] = ()
    prefix: bool = False
    before: str = ""
    after: str = ""
    cased: str = ""
    folded: tuple[str, ...] = ()
    cased_any: tuple[str, ...] = ()


_RULES: list[tuple[str, re.Pattern, Check | None]] = []
_GATES: list[tuple[Gate, ...]] = []  # per rule, any of which may fire; empty: the rule runs on every text


def _rule(kind: str, pattern: str, check: Check | None = None, gate: Gate | tuple[Gate, ...] = ()) -> None:
    _RULES.append((kind, re.compile(pattern), check))
    _GATES.append((gate,) if isinstance(gate, Gate) else gate)


def _w(words: str, after: str = "", cased: str = "", before: str = "", prefix: bool = False) -> Gate:
    return Gate(words=tuple(words.split()), prefix=prefix, before=before, after=after, cased=cased)

_TITLES = "mr mrs ms mx miss dr prof"
_RELS = ("wife husband spouse partner son daughter mother father mom dad brother sister sibling aunt uncle niece"
         " nephew cousin grandson granddaughter grandmother grandfather grandma grandpa girlfriend boyfriend"
         " friend neighbor neighbour roommate caregiver guardian proxy")
_MONTHS = ("jan january feb february mar march apr april may jun june jul july aug august sep sept september oct"
           " october nov november dec december")
# An identifier after its keyword needs a digit soon after (see _NUMWORD and _IDTOK).
_ID_AFTER = r"\.?(?:[ \t]*+(?:number|num|nbr|no|id|#)\.?)?[ \t]*+[:#=]?[ \t]*+[a-z-]*+0"


# --- the rules --------------------------------------------------------------------------------------------------
# A group named "n" marks the identifier inside a cue ("wife Linda" reports "Linda"; "MRN 123" reports "123").

# Names after a title. The title stays in the finding: 'NAME "Mr. Hernandez"'. Lower-case "ms" is milliseconds.
# Lower-case particles may come first: "Mr. de la Cruz", "Dr. van Buren".
_rule("NAME", rf"\b(?:(?:Mr|Mrs|Ms|Mx|Miss|mr|mrs)\b\.?[ \t]*+(?:[A-Z]\.[ \t]*+)?|(?:Dr|dr|Prof)\b\.?[ \t]*+)"
              rf"(?:{_PARTICLE}[ \t]++){{0,2}}{_NW}(?:[ \t]++{_NOT_NAME}{_NW})?", _is_person,
      _w(_TITLES, "", r"(?:Mrs?|Ms|Mx|Miss|mrs?|Dr|dr|Prof)\.?[ \t]*+(?:[A-Z]\.[ \t]*+)?(?:[a-z]++[ \t]++){0,2}[A-Z]"))
# Typed in a hurry, all lower case: "mrs lindqvist". Only mr/mrs, whose next word is nearly always the name.
_rule("NAME", r"\b(?:mrs?|Mrs?)\b\.?[ \t]++(?!(?:and|or|was|is|are|has|had|will|would|said|says|states|reports"
              r"|wants|asked|called|to|at|in|on|with|for|the|an?|of|from|who|also|seen|not|no|here)\b)[a-z]{3,}"
              r"(?:['’-][a-z]+)?\b", gate=_w("mr mrs", r"\.?[ \t]+[a-z]{3}", r"[Mm]rs?\.?[ \t]+[a-z]{3}"))
_rule("NAME", rf"\b{_REL}\b[ \t]*+[,(]?[ \t]*+(?P<n>{_NAME2})", _is_person,
      (_w(_RELS, r"(?:-in-law)?[ \t,(]*+[a-z]"), _w("fianc", r"[e_]e?(?:-in-law)?(?![a-z0_])[ \t,(]*+[a-z]", prefix=True)))
_rule("NAME", rf"(?P<n>\b{_NW}(?:[ \t]++{_NW})?)[ \t]*+\({_REL}\)", _is_named_relative,
      (_w(_RELS, r"(?:-in-law)?\)", before="("), _w("fianc", r"[e_]e?(?:-in-law)?\)", before="(", prefix=True)))
_rule("NAME", rf"\b(?:[Pp]t|[Pp]atient)\b\.?:?[ \t]++(?P<n>{_NOT_NAME}{_NW}[ \t]++{_NOT_NAME}{_NW})", _is_person,
      Gate(cased_any=tuple(rf"{cue}\.?:?[ \t]+[A-Z][A-Za-z'\x01-]*[ \t]+[A-Z]" for cue in ("atient", "Pt", "pt"))))
_rule("NAME", rf"\b(?i:name|named|goes[ \t]++by|known[ \t]++as|aka)\b[ \t]*+[:=-]?[ \t]*+(?P<n>{_NAME2})", _is_field_name,
      _w("name named aka goes known", r"[ \t:=-]*+[a-z]"))

_rule("MRN", rf"\b(?i:mrn|mr[ \t]?#|medical[ \t]++record|chart[ \t]*+(?:#|no\.?|number)|hospital[ \t]++(?:number|no\.?|#)"
             rf"|patient[ \t]++id|unit[ \t]++number|csn){_NUMWORD}(?P<n>{_IDTOK})",
      gate=(_w("mrn csn", _ID_AFTER, prefix=True), _w("mr", r"[ \t]?#"), _w("medical", r"[ \t]+record"),
            _w("chart", r"[ \t]*(?:#|no|number)", prefix=True), _w("hospital", r"[ \t]+(?:number|no|#)"),
            _w("unit", r"[ \t]+number"), _w("id", _ID_AFTER, before=" \t", prefix=True)))  # "patient id"
_rule("ID", rf"\b(?i:acct\.?|account|dea|npi|licen[cs]e|lic\.?|serial|s/n|vin|passport|medicare|medicaid|mbi"
            rf"|(?:insurance|ins|member|policy|subscriber|group|plate|device|certificate|badge|employee|claim)"
            rf"[ \t]*+(?:id|#|no\.?|number)|id[ \t]*+(?:#|no\.?|number|:)){_NUMWORD}(?P<n>{_IDTOK})",
      gate=(_w("acct account dea npi lic license licence serial vin passport medicare medicaid mbi", _ID_AFTER,
               prefix=True),
            _w("insurance ins member policy subscriber group plate device certificate badge employee claim id",
               r"[ \t]*(?:id|#|no|number|:)", prefix=True), _w("s", "/n")))

_rule("PHONE", rf"(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{{3}}\)[ .-]?|\d{{3}}[ .-])\d{{3}}[ .-]\d{{4}}{_END}",
      gate=Gate(folded=("000[ .-]0000",)))
_rule("PHONE", rf"\b(?i:phone|ph|tel|telephone|cell|mobile|fax|pager|pgr|beeper)\b\.?[ \t]*+(?i:#|no\.?|number)?"
               rf"[ \t]*+[:#]?[ \t]*+(?P<n>\d{{10}}|\d{{3}}[ .-]\d{{4}}|\d-\d{{4}}|\d{{5}}){_END}",
      gate=_w("phone ph tel telephone cell mobile fax pager pgr beeper",
              r"\.?[ \t]*+(?:#|no\.?|number)?[ \t]*+[:#]?[ \t]*+(?:000[ .-]0000|0-0000|00000)"))
# A seven- or ten-digit number right after "call" or "text" (not "call 911", not "call 2222" for a code).
_rule("PHONE", rf"\b(?i:call(?:ed|ing)?|text(?:ed)?)\b[ \t]*+(?:(?i:at|on)[ \t]*+)?[:#]?[ \t]*+"
               rf"(?P<n>\d{{3}}[ .-]\d{{4}}|\d{{10}}){_END}",
      gate=_w("call called calling text texted", r"[ \t]*+(?:(?:at|on)[ \t]*+)?[:#]?[ \t]*+(?:000[ .-]0000|0{10})"))
_rule("EMAIL", r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}\b", gate=Gate(folded=("@",)))
_rule("URL", r"\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", gate=_w("http www", r"s?://|\.", r"https?://|www\.", prefix=True))
_rule("URL", r"(?<![\w@.-])(?:[A-Za-z0-9-]+\.)+(?i:com|org|net|edu|gov|io|us|info|health)\b"
             r"(?:/[^\s<>\"'()\[\]{}]*)?", gate=_w("com org net edu gov io us info health", before="."))
_rule("IP", r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
            r"(?![\w]|\.\d)", gate=Gate(folded=(r"0\.00?0?\.00?0?\.0",)))
_rule("SSN", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w]|-\d)", gate=Gate(folded=("000-00-0000",)))
_rule("SSN", r"\b(?:SSN|SS#|(?i:social[ \t]++security)(?:[ \t]++(?i:number|no\.?|#))?)[ \t]*+[:#]?[ \t]*+"
             r"(?P<n>\d{3}[ -]?\d{2}[ -]?\d{4}|(?:[Xx*]{3}-[Xx*]{2}-)?\d{4})(?!\w)",
      gate=_w("ssn ss social", r"(?:[ \t]++security(?:[ \t]++(?:number|no\.?|#))?|#)?[ \t]*+[:#]?[ \t]*+"
                                r"(?:000[ -]?00[ -]?0000|(?:[x*]{3}-[x*]{2}-)?0000)", prefix=True))

_rule("DATE", rf"{_START}(?:19|20)\d\d([/.-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01]){_END}",  # 2025-03-14
      gate=Gate(folded=("0000[/.-]0",)))
_rule("DATE", rf"{_START}(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_END}", _is_full_date,  # 3/14/2025
      Gate(folded=("0[/.-]00?[/.-]00",)))
_rule("DATE", rf"{_START}(\d{{1,2}})/(\d{{1,2}})(?![\w%]|[/.]\d)", _is_month_day,  # 3/14
      Gate(folded=("0/0",)))
_rule("DATE", rf"{_START}(?:0?[1-9]|1[0-2])/{_YEAR}{_END}", gate=Gate(folded=("0/0000",)))  # 03/2025
_rule("DATE", rf"\b{_MON}[ \t-]++{_DAY}(?!\w|\.\d|:\d)(?:,?[ \t-]*+{_YEAR})?",  # Mar 14, 2025
      gate=_w(_MONTHS, r"\.?[ \t-]+0", "(?!may)"))  # lower-case "may" is the verb
_rule("DATE", rf"(?<![\w.,/-]){_DAY}[ \t-]*+(?:of[ \t]++)?{_MON}(?:,?[ \t-]*+{_YEAR})?",  # 14 Mar 2025
      gate=Gate(folded=(r"0(?:st|nd|rd|th)?[ \t-]*(?:of[ \t]+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",)))
_rule("DATE", rf"\b{_MON}[ \t,-]*+{_YEAR}", gate=_w(_MONTHS, r"\.?[ \t,-]*00", "(?!may)"))  # March 2025

_rule("AGE", rf"(?<![\w.]){_AGE_N}(?:[ \t-]*+(?:(?i:years?|yrs?)[ \t-]*+(?i:old)|(?i:y[ \t./-]*+o)\.?"
             rf"|(?i:years?|yrs?)[ \t]++(?i:of[ \t]++age))[MmFf]?(?!\w)|[MF]\b)", _is_age,
      Gate(folded=(r"00(?:[ \t-]*y|[mf])",)))
_rule("AGE", rf"\b(?i:age|aged)\b[ \t]*+[:=]?[ \t]*+(?P<n>{_AGE_N})(?![\w]|\.\d)",
      gate=_w("age aged", r"[ \t]*+[:=]?[ \t]*+00"))

_rule("ADDRESS", rf"(?<![\w.,/-])\d{{1,5}}[A-Za-z]?[ \t]++(?:(?:N|S|E|W|North|South|East|West)\.?[ \t]++)?"
                 rf"(?:(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))[ \t]++){{1,3}}{_STREET}\b\.?"
                 rf"(?:,?[ \t]++(?:Apt|Apartment|Suite|Ste|Unit|#)\.?[ \t]*+#?[A-Za-z0-9-]+)?",
      gate=_w(_STREET.strip("(?:)").replace("|", " ").lower(), "", _STREET, before=" \t"))
_rule("ADDRESS", r"\b(?i:p\.?[ \t]?o\.?[ \t]*+box)[ \t]*+#?[ \t]*+\d+\b", gate=Gate(folded=(r"box[ \t]*+#?[ \t]*+0",)))
_FIVE_DIGITS = Gate(folded=("00000",))
_rule("ZIP", rf"(?:\b[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){{0,2}},[ \t]*+)?\b(?:{_STATES})\.?[ \t]++\d{{5}}(?:-\d{{4}})?{_END}",
      gate=_FIVE_DIGITS)
_rule("ZIP", rf"\b(?i:zip(?:[ \t]*+code)?|postal[ \t]*+code|postcode)[ \t]*+[:#]?[ \t]*+(?P<n>\d{{5}}(?:-\d{{4}})?){_END}",
      gate=_FIVE_DIGITS)
_rule("ZIP", rf"(?<![\w.,$#/-])0\d{{4}}(?:-\d{{4}})?{_END}", _not_a_code, _FIVE_DIGITS)  # 5 digits from 0: no lab value does that

_PRIORITY = {kind: i for i, kind in enumerate(KINDS)}
_TRAILING = ".,;:!?"  # sentence punctuation after a URL is not part of it


def _rule_candidates(text: str, kind: str, pattern: re.Pattern, check: Check | None) -> Iterable[tuple[int, int, str]]:
    group = "n" if "n" in pattern.groupindex else 0
    for m in pattern.finditer(text):
        if check is not None and not check(text, m):
            continue
        start, end = m.span(group)
        if kind == "URL":
            end = start + len(text[start:end].rstrip(_TRAILING))
        if end > start:
            yield start, end, kind


def _candidates(text: str) -> Iterable[tuple[int, int, str]]:
    for kind, pattern, check in _RULES:
        yield from _rule_candidates(text, kind, pattern, check)


def scan(text: str, where: str = "") -> list[Finding]:
    """The identifiers in ``text``, sorted by start and never overlapping. ``where`` is copied onto each finding.

    When two candidates overlap, the longer wins ("March 14, 2025" over "March 2025"); on equal length, the kind
    listed first in :data:`KINDS` (a number after "MRN" is an MRN even if it is shaped like a phone number).
    Every rule runs over the whole text: :func:`clerkbook.domain.phi_batch.scan_texts` finds the same faster
    in many texts at once.
    """
    return _choose(text, _candidates(text), where)


def _choose(text: str, candidates: Iterable[tuple[int, int, str]], where: str = "") -> list[Finding]:
    chosen: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(candidates, key=lambda c: (c[0], c[0] - c[1], _PRIORITY[c[2]])):
        if chosen and start < chosen[-1][1]:
            last_start, last_end, last_kind = chosen[-1]
            # Sorted by start, so a later candidate can only clash with the last one kept, and if it replaces
            # that one it cannot reach back to the one before (which ends before the last one starts).
            if (end - start, -_PRIORITY[kind]) > (last_end - last_start, -_PRIORITY[last_kind]):
                chosen[-1] = (start, end, kind)
            continue
        chosen.append((start, end, kind))
    return [Finding(kind, text[start:end], start, end, where) for start, end, kind in chosen]


def scan_many(items: Iterable[tuple[str, str]]) -> list[Finding]:
    """Scan ``(where, text)`` pairs; the findings of each, in order, with offsets into their own text."""
    return [finding for where, text in items for finding in scan(text, where)]


def redact(text: str, finder: Callable[[str], list[Finding]] | None = None) -> str:
    """``text`` with each finding replaced by ``[KIND]``; everything else is left exactly as it was.

    ``finder`` is :func:`scan` unless a caller narrows what counts (the export guard leaves teachers' names).
    Rescans until clean (a few rounds at most): taking one finding out can expose another that it overlapped,
    or that a look-behind had hidden ("1/2/3/4").
    """
    find = finder or scan
    for _ in range(4):
        findings = find(text)
        if not findings:
            break
        parts, at = [], 0
        for f in findings:
            parts += [text[at:f.start], f"[{f.kind}]"]
            at = f.end
        text = "".join(parts) + text[at:]
    return text


def describe(finding: Finding) -> str:
    """One line for a report: ``note 3 · plan: NAME "Mr. Hernandez"`` (without the label if there is none)."""
    shown = " ".join(finding.text.split())
    return f'{finding.where}: {finding.kind} "{shown}"' if finding.where else f'{finding.kind} "{shown}"'
