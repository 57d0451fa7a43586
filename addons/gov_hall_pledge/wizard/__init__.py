from . import gov_pledge_wizard
