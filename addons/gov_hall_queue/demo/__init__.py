"""Demo queue generators, called by the demo data files only."""
from . import demo_queue
