"""Reflections and CPD activities (see the CPD issue)."""
