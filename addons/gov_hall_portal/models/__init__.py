from . import gov_portal, gov_api
