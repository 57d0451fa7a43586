from . import gov_bundle, gov_bundle_application, gov_case
