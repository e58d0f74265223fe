"""aigw: the AI governance gateway."""

__version__ = "0.1.0"
