from . import gov_queue, gov_queue_ticket, gov_queue_appointment, gov_window, gov_case
