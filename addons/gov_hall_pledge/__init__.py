from . import models, wizard, demo
