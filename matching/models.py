"""Matching runs and their proposals (see the matching issue)."""
