from . import gov_hotline_order, gov_hotline_io, gov_complaint
