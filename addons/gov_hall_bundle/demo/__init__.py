from . import demo_bundle
