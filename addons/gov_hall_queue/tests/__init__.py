from . import test_queue, test_public_queue
