from . import api
