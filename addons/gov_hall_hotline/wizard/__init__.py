from . import gov_hotline_wizards
