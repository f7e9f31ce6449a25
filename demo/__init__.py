"""Demo data for ``manage.py seed_demo``: a fictional professional body and its schemes."""
