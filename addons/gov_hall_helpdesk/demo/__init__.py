"""Demo help-desk tasks and reports, called by the demo data file only."""
from . import demo_helpdesk
