from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from ..tools.workdays import MAX_SPAN_DAYS, MAX_WORKING_DAYS


@tagged("post_install", "-at_install")
class TestCalendar(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, login="t_workday_manager",
                                    groups="base.group_user,cn_workday.group_workday_manager")
        cls.clerk = new_test_user(cls.env, login="t_workday_user", groups="base.group_user")
        cls.Holiday = cls.env["cn.holiday"]
        cls.Year = cls.env["cn.calendar.year"]

    def test_official_years_seeded(self):
        years = {y.name: y.state for y in self.Year.search([])}
        self.assertEqual(years.get(2025), "official")
        self.assertEqual(years.get(2026), "official")
        self.assertEqual(years.get(2027), "provisional")

    def test_spring_festival_2026(self):
        # Fri 13 Feb works, Sat 14 Feb is a make-up workday, 15-23 Feb off
        self.assertEqual(self.Holiday.add_working_days("2026-02-12", 5), "2026-02-26")
        self.assertEqual(self.Holiday.add_working_days("2026-02-13", 1), "2026-02-14")
        self.assertEqual(self.Holiday.add_working_days("2026-02-14", 1), "2026-02-24")
        self.assertTrue(self.Holiday.is_workday("2026-02-28"))  # Saturday, make-up workday
        self.assertFalse(self.Holiday.is_workday("2026-02-23"))  # Monday, still off
        self.assertEqual(self.Holiday.working_days_between("2026-02-13", "2026-02-24"), 2)

    def test_national_day_2026(self):
        # Sun 20 Sep works; 1-7 Oct off; Sat 10 Oct works
        self.assertEqual(self.Holiday.add_working_days("2026-09-18", 1), "2026-09-20")
        self.assertEqual(self.Holiday.add_working_days("2026-09-30", 1), "2026-10-08")
        self.assertEqual(self.Holiday.add_working_days("2026-10-09", 1), "2026-10-10")
        self.assertEqual(self.Holiday.working_days_between("2026-09-30", "2026-10-12"), 4)

    def test_spring_festival_2025(self):
        # 2025: Sun 26 Jan works, 28 Jan - 4 Feb off, Sat 8 Feb works
        self.assertEqual(self.Holiday.add_working_days("2025-01-24", 1), "2025-01-26")
        self.assertEqual(self.Holiday.add_working_days("2025-01-27", 1), "2025-02-05")
        self.assertEqual(self.Holiday.add_working_days("2025-02-07", 1), "2025-02-08")

    def test_edges(self):
        self.assertEqual(self.Holiday.add_working_days("2026-02-12", 0), "2026-02-12")
        self.assertEqual(self.Holiday.working_days_between("2026-03-10", "2026-03-10"), 0)
        self.assertEqual(self.Holiday.working_days_between("2026-03-10", "2026-03-01"), 0)
        with self.assertRaises(UserError):
            self.Holiday.add_working_days("2026-02-12", -1)

    def test_provisional_2027_then_official(self):
        self.assertTrue(self.Holiday.is_provisional("2027-03-01"))
        self.assertFalse(self.Holiday.is_provisional("2026-03-01"))
        # statutory: 除夕 Fri 5 Feb 2027 to 初三 Mon 8 Feb, in lieu of Sat/Sun: 9 and 10 Feb
        self.assertEqual(self.Holiday.add_working_days("2027-02-04", 1), "2027-02-11")
        # National Day 2027: Fri 1 Oct - Sun 3 Oct, the Sunday in lieu on Mon 4 Oct... and Sat
        self.assertEqual(self.Holiday.add_working_days("2027-09-30", 1), "2027-10-06")
        # a year nobody seeded is computed the same way on the fly
        self.assertEqual(self.Holiday.add_working_days("2030-12-31", 1), "2031-01-02")
        # the Bureau enters the official schedule: Sat 13 Feb 2027 becomes a workday
        year = self.Year.search([("name", "=", 2027)])
        self.Holiday.with_user(self.manager).create(
            {"date": date(2027, 2, 13), "kind": "workday", "name": "春节调休上班", "source": "manual"})
        year.with_user(self.manager).action_set_official()
        self.assertEqual(year.state, "official")
        self.assertFalse(self.Holiday.is_provisional("2027-03-01"))
        self.assertEqual(self.Holiday.add_working_days("2027-02-11", 2), "2027-02-13")

    def test_bad_exceptions(self):
        with self.assertRaises(ValidationError):
            self.Holiday.with_user(self.manager).create(
                {"date": date(2026, 3, 4), "kind": "workday", "name": "错误"})  # a Wednesday
        with self.assertRaises(ValidationError):
            self.Holiday.with_user(self.manager).create(
                {"date": date(2026, 3, 7), "kind": "holiday", "name": "错误"})  # a Saturday

    def test_only_managers_edit_calendar(self):
        with self.assertRaises(AccessError):
            self.Holiday.with_user(self.clerk).create(
                {"date": date(2026, 3, 4), "kind": "holiday", "name": "临时放假"})
        year = self.Year.search([("name", "=", 2027)])
        with self.assertRaises(AccessError):
            year.with_user(self.clerk).action_set_official()
        # everyone internal reads it
        self.assertTrue(self.Holiday.with_user(self.clerk).search_count([]))

    def test_reseed(self):
        year = self.Year.search([("name", "=", 2026)])
        year.exception_ids[:3].unlink()
        year.with_user(self.manager).action_reseed()
        self.assertEqual(self.Holiday.add_working_days("2026-02-12", 5), "2026-02-26")
        self.assertEqual(year.workday_count, 6)

    def test_november_reminder(self):
        activity_type = self.env.ref("cn_workday.mail_act_calendar_schedule")
        with freeze_time("2026-10-15"):
            self.Year._cron_schedule_reminder()
        year = self.Year.search([("name", "=", 2027)])
        self.assertFalse(year.activity_ids.filtered(lambda a: a.activity_type_id == activity_type))
        with freeze_time("2026-11-02"):
            self.Year._cron_schedule_reminder()
            self.Year._cron_schedule_reminder()  # once per manager, not per run
        acts = year.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertIn(self.manager, acts.user_id)
        self.assertEqual(len(acts.filtered(lambda a: a.user_id == self.manager)), 1)
        self.assertEqual(acts[0].date_deadline, date(2026, 12, 31))
        year.with_user(self.manager).action_set_official()
        self.assertFalse(year.activity_ids.filtered(lambda a: a.activity_type_id == activity_type))

    def test_working_day_spans_are_capped(self):
        with self.assertRaises(UserError):
            self.Holiday.add_working_days("2026-01-05", MAX_WORKING_DAYS + 1)
        with self.assertRaises(UserError):
            self.Holiday.working_days_between("2026-01-05", "9999-12-31")
        self.assertTrue(MAX_SPAN_DAYS > 366 * 20)
        self.assertEqual(self.Holiday.add_working_days("2026-02-13", 1), "2026-02-14")  # make-up Saturday

    def test_public_methods(self):
        """Every public method is an action checked for the manager or a pure function (JSON-RPC reachable)."""
        known = {"cn.calendar.year": {"action_reseed", "action_set_official"},
                 "cn.holiday": {"is_provisional", "add_working_days", "working_days_between", "is_workday"}}
        for model, methods in known.items():
            cls = type(self.env[model])
            found = {name for klass in cls.__mro__ for name, func in vars(klass).items()
                     if not name.startswith("_") and callable(func) and name not in {"create", "write", "unlink"}
                     and (getattr(func, "__module__", "") or "").startswith("odoo.addons.cn_workday.")}
            self.assertEqual(found, methods, model)
        with self.assertRaises(AccessError):
            self.Year.search([], limit=1).with_user(self.clerk).action_reseed()
