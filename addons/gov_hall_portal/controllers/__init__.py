from . import main, api
