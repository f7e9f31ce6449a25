"""Scheme health: dashboards, evaluation reports and funder exports (reads other apps)."""
