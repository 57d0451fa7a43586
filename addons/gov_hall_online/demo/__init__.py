from . import demo_online
