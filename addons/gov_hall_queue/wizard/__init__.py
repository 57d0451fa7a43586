from . import gov_queue_transfer, gov_queue_booking
