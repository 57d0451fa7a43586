"""Demo: seven queues over the demo windows, today's tickets with their timed history, appointments."""
import random
import secrets
from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models

from ..models.gov_queue import HALL_TZ, hall_now

QUEUES = [
    ("A", "企业开办", "设立登记、变更、注销、印章刻制、发票申领", ["A01", "B21", "B22"]),
    ("B", "工程建设与投资项目", "立项、用地规划、工程规划、施工许可、环评", ["A03", "A04", "B01", "B09", "B11", "B12"]),
    ("C", "不动产登记", "不动产登记、存量房交易、抵押登记", ["B10", "B13"]),
    ("D", "社保医保公积金", "社保参保、就业登记、医保、公积金提取", ["A06", "B07", "B08", "B23", "B27"]),
    ("E", "公安户政出入境", "户籍、居住证、出入境证件、驾驶证", ["B03", "B04"]),
    ("F", "社会事务", "教育、民政、司法、残疾人服务", ["A05", "B02", "B05", "B06", "B30"]),
    ("Z", "咨询导办", "不确定办什么，先咨询", ["Z01"]),
]


class GovQueue(models.Model):
    _inherit = "gov.queue"

    @api.model
    def _gov_demo_queues(self):
        if self.search_count([]):
            return
        Window = self.env["gov.window"]
        queues = self.browse()
        for seq, (prefix, name, desc, codes) in enumerate(QUEUES):
            windows = Window.search([("name", "in", codes)])
            queues |= self.create({
                "prefix": prefix, "name": name, "description": desc, "sequence": seq * 10,
                "window_ids": [fields.Command.set(windows.ids)],
                "department_ids": [fields.Command.set(windows.department_id.ids)],
                "daily_cap": 120 if prefix == "C" else 300, "open_time": 8.5, "close_time": 17.0,
            })
        self._gov_demo_day(queues)
        self._gov_demo_appointments(queues)

    def _gov_demo_day(self, queues):
        """Today from 08:30 to now (or to 16:30): tickets issued, called, served; a few no-shows, some waiting."""
        rng = random.Random(19)
        tz = pytz.timezone(HALL_TZ)
        now_local = hall_now(self.env)
        day = now_local.date()
        start = datetime.combine(day, datetime.min.time()) + timedelta(hours=8, minutes=30)
        end = min(now_local, datetime.combine(day, datetime.min.time()) + timedelta(hours=16, minutes=30))
        if end <= start:
            end = start + timedelta(hours=3)  # loaded before opening: a morning as if it had happened

        def utc(local):
            return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        Ticket = self.env["gov.queue.ticket"].sudo()
        Event = self.env["gov.queue.ticket.event"].sudo()
        priorities = self.env["gov.queue.priority"].search([])
        tickets, events, counters = [], [], []
        for queue in queues:
            windows = queue.window_ids
            clerks = {w.id: (w.employee_ids.user_id[:1].id or self.env.uid) for w in windows}
            free_at = {w.id: start for w in windows}
            count = rng.randint(25, 45) if queue.prefix != "Z" else 15
            issued = sorted(start + timedelta(seconds=rng.randint(0, int((end - start).total_seconds())))
                            for _i in range(count))
            for number, at in enumerate(issued, 1):
                vals = {"queue_id": queue.id, "date": day, "number": number, "name": f"{queue.prefix}{number:03d}",
                        "rank": 2, "token": secrets.token_urlsafe(24), "issued_at": utc(at), "state": "waiting",
                        "phone": f"13{rng.randint(100000000, 999999999)}" if rng.random() < 0.6 else False}
                if rng.random() < 0.08:
                    vals.update(rank=0, priority_id=rng.choice(priorities).id)
                history = [("waiting", at, False, False)]
                window = min(windows, key=lambda w: free_at[w.id]) if windows else None
                called = max(at, free_at[window.id]) + timedelta(seconds=rng.randint(20, 240)) if window else None
                if window and called < end:
                    service = timedelta(minutes=rng.uniform(3, 16))
                    vals.update(window_id=window.id, user_id=clerks[window.id], call_count=1, called_at=utc(called),
                                called_hour=called.hour, wait_minutes=(called - at).total_seconds() / 60)
                    history.append(("called", called, window.id, clerks[window.id]))
                    if rng.random() < 0.05:
                        vals.update(state="no_show", call_count=queue.max_calls,
                                    finished_at=utc(called + timedelta(minutes=3)))
                        history.append(("no_show", called + timedelta(minutes=3), window.id, clerks[window.id]))
                        free_at[window.id] = called + timedelta(minutes=3)
                    elif called + service < end:
                        vals.update(state="done", started_at=utc(called + timedelta(minutes=1)),
                                    finished_at=utc(called + service), service_minutes=service.total_seconds() / 60)
                        history.append(("serving", called + timedelta(minutes=1), window.id, clerks[window.id]))
                        history.append(("done", called + service, window.id, clerks[window.id]))
                        free_at[window.id] = called + service
                    else:
                        vals.update(state="serving", started_at=utc(called + timedelta(minutes=1)))
                        history.append(("serving", called + timedelta(minutes=1), window.id, clerks[window.id]))
                        free_at[window.id] = end + timedelta(hours=8)
                tickets.append(vals)
                events.append(history)
            # a few people are still waiting when the demo opens: a window has someone to call
            for number in range(count + 1, count + 5):
                at = end - timedelta(minutes=count + 5 - number)
                tickets.append({"queue_id": queue.id, "date": day, "number": number, "rank": 2,
                                "name": f"{queue.prefix}{number:03d}", "token": secrets.token_urlsafe(24),
                                "issued_at": utc(at), "state": "waiting"})
                events.append([("waiting", at, False, False)])
            counters.append({"queue_id": queue.id, "date": day, "last_number": count + 4})
        created = Ticket.create(tickets)
        Event.create([{"ticket_id": ticket.id, "kind": kind, "at": utc(at), "window_id": window_id,
                       "user_id": user_id or self.env.uid}
                      for ticket, history in zip(created, events) for kind, at, window_id, user_id in history])
        self.env["gov.queue.counter"].sudo().create(counters)

    def _gov_demo_appointments(self, queues):
        rng = random.Random(23)
        Holiday = self.env["cn.holiday"]
        Booking = self.env["gov.queue.appointment"].sudo()
        names = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周敏", "吴强"]
        day = fields.Date.from_string(Holiday.add_working_days(hall_now(self.env).date(), 1))
        for queue in queues.filtered(lambda q: q.prefix in ("A", "C", "D")):
            for start, _label, _booked, cap in queue._slots(day)[:6]:
                for _i in range(rng.randint(1, cap)):
                    Booking._book(queue, day, start, rng.choice(names), f"139{rng.randint(10000000, 99999999)}")
