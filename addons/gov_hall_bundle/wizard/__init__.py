from . import gov_bundle_wizard
