from . import models, wizard, controllers, demo
