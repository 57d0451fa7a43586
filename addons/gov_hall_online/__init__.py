from . import models, controllers, demo
