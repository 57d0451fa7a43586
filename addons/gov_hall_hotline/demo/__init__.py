from . import demo_hotline
