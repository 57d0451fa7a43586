"""Demo fee generators, called by the demo data files only."""
from . import demo_fees
