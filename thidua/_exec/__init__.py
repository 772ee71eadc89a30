"""Wrappers around external programs: each program is reached through exactly one module here."""
