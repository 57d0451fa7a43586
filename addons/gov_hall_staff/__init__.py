from . import models, demo
