"""Demo pledges, called by the demo data file only."""
from . import demo_pledge
