"""clerkbook: a keyboard-first terminal notebook for clinical clerkships."""

__version__ = "0.1.0"
