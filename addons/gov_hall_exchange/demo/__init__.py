from . import demo_exchange
