"""Demo city generators, called by the demo data files only (never by production code)."""
from . import demo_city, demo_users
