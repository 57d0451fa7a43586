from . import gov_helpdesk_wizard
