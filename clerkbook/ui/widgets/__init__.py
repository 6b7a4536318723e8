"""Widgets of the shift screen, one per file."""
