"""Demo assessment generator, called by the demo data file only."""
from . import demo_assessment
