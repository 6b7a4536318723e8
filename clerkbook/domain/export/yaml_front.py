"""YAML front matter without a YAML library: every string JSON-quoted, so any text is valid YAML."""

from __future__ import annotations

import json
import re

# JSON strings are YAML double-quoted scalars, except that YAML treats these as line breaks or refuses them.
_YAML_UNSAFE = re.compile("[\u0085\u2028\u2029\ufeff\ud800-\udfff]")
_NEEDS_ESCAPES = re.compile('[\\x00-\\x1f"\\\\\u0085\u2028\u2029\ufeff\ud800-\udfff]')


def yaml_value(value: object) -> str:
    """A scalar or list as a YAML flow value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    text = str(value)
    if not _NEEDS_ESCAPES.search(text):
        return f'"{text}"'  # what json.dumps gives for it
    text = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def front_matter(fields: dict[str, object]) -> str:
    """A YAML front-matter block, every string quoted, for Obsidian and other Markdown tools."""
    return "---\n" + "".join(f"{key}: {yaml_value(value)}\n" for key, value in fields.items()) + "---\n"
