from . import controllers, models, wizard, demo
