"""Shared infrastructure with no domain rule: the PDF document base, spreadsheet (formula)
safety, import-export widgets, the period form and the read-only admin mixins.

The bottom layer of the project: it imports only Django and libraries, never one of the
project's apps, and every app may import it. A rule about schemes, members or mentoring
belongs in the app that owns it, not here.
"""
