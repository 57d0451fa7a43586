"""Where each indicator's figure comes from: one grouped SQL query per kind over the period, for every department
or every person at once (never a search per person). Each query returns ``{key: (value, has_data)}`` keyed by
department id or employee id; a rate with nothing to count has no data."""
from datetime import timedelta

from odoo import api, models

RATE = "rate"


class GovAssessmentSource(models.AbstractModel):
    _name = "gov.assessment.source"
    _description = "Assessment Figures from the Hall's Data"

    @api.model
    def _figures(self, kind, date_from, date_to):
        """Figures of ``kind`` over [date_from, date_to] for every key that has any."""
        method = getattr(self, f"_fig_{kind}", None)
        if method is None:
            return {}
        self.env.flush_all()
        return method(date_from, date_to)

    # ------------------------------------------------------------------ helpers
    def _rows(self, query, params):
        self.env.cr.execute(query, params)
        return self.env.cr.fetchall()

    @staticmethod
    def _rate(rows):
        """rows of (key, numerator, denominator) → {key: (num/den, True)}; no denominator, no data."""
        return {key: ((num or 0) / den, True) if den else (0.0, False) for key, num, den in rows if key}

    @staticmethod
    def _count(rows):
        return {key: (float(value or 0), True) for key, value in rows if key}

    @staticmethod
    def _end(date_to):
        """Exclusive upper bound for datetimes: the day after the period."""
        return date_to + timedelta(days=1)

    def _by_employee(self, rows):
        """rows keyed by res.users id → keyed by that user's employee (first one)."""
        users = {key for key, *_rest in rows if key}
        if not users:
            return []
        self.env.cr.execute("SELECT user_id, min(id) FROM hr_employee WHERE user_id = ANY(%s) GROUP BY user_id",
                            [list(users)])
        emp = dict(self.env.cr.fetchall())
        return [(emp.get(key), *rest) for key, *rest in rows if emp.get(key)]

    def _has_table(self, model):
        return model in self.env and not self.env[model]._abstract

    # ------------------------------------------------------------------ departments: cases (core)
    def _fig_on_time_rate(self, date_from, date_to):
        return self._rate(self._rows("""
            SELECT department_id, count(*) FILTER (WHERE decision_date <= due_date), count(*)
              FROM gov_case WHERE decision_date BETWEEN %s AND %s AND due_date IS NOT NULL
             GROUP BY department_id""", [date_from, date_to]))

    def _fig_time_compression(self, date_from, date_to):
        return self._rate(self._rows("""
            SELECT department_id, avg(time_used_days), avg(legal_limit)
              FROM gov_case WHERE decision_date BETWEEN %s AND %s AND legal_limit > 0
             GROUP BY department_id""", [date_from, date_to]))

    def _fig_time_vs_promised(self, date_from, date_to):
        return self._rate(self._rows("""
            SELECT department_id, avg(time_used_days), avg(promised_limit)
              FROM gov_case WHERE decision_date BETWEEN %s AND %s AND promised_limit > 0
             GROUP BY department_id""", [date_from, date_to]))

    def _fig_correction_discipline(self, date_from, date_to):
        return self._rate(self._rows("""
            SELECT department_id, count(*) FILTER (WHERE correction_count > 1), count(*)
              FROM gov_case WHERE received_date BETWEEN %s AND %s GROUP BY department_id""", [date_from, date_to]))

    def _fig_over_visits(self, date_from, date_to):
        return self._rate(self._rows("""
            SELECT department_id, count(*) FILTER (WHERE over_visits), count(*)
              FROM gov_case WHERE received_date BETWEEN %s AND %s GROUP BY department_id""", [date_from, date_to]))

    def _fig_complaints_per_1000(self, date_from, date_to):
        rows = self._rows("""
            SELECT d.id,
                   (SELECT count(*) FROM gov_complaint c WHERE c.department_id = d.id AND c.substantiated = 'yes'
                       AND c.date BETWEEN %s AND %s) * 1000.0,
                   (SELECT count(*) FROM gov_case k WHERE k.department_id = d.id
                       AND k.accepted_date BETWEEN %s AND %s)
              FROM hr_department d WHERE d.is_stationed""", [date_from, date_to, date_from, date_to])
        return self._rate(rows)

    def _fig_accountability(self, date_from, date_to):
        return self._count(self._rows("""
            SELECT department_id, count(*) FROM gov_accountability
             WHERE create_date >= %s AND create_date < %s AND coalesce(outcome, '') != 'no_fault'
             GROUP BY department_id""", [date_from, self._end(date_to)]))

    def _fig_overdue_rectifications(self, date_from, date_to):
        return self._count(self._rows("""
            SELECT department_id, count(*) FROM gov_rectification
             WHERE warning_level = 'red' AND deadline BETWEEN %s AND %s GROUP BY department_id""",
            [date_from, date_to]))

    # ------------------------------------------------------------------ departments: ratings and callbacks
    def _fig_satisfaction(self, date_from, date_to):
        if not self._has_table("gov.evaluation"):
            return {}
        return self._rate(self._rows("""
            SELECT department_id, count(*) FILTER (WHERE level IN ('4', '5')), count(*)
              FROM gov_evaluation WHERE state != 'removed' AND rated_at >= %s AND rated_at < %s
             GROUP BY department_id""", [date_from, self._end(date_to)]))

    def _fig_bad_rectified(self, date_from, date_to):
        return self._rate(self._rows("""
            SELECT department_id, count(*) FILTER (WHERE state = 'closed'), count(*)
              FROM gov_rectification WHERE source = 'evaluation' AND create_date >= %s AND create_date < %s
             GROUP BY department_id""", [date_from, self._end(date_to)]))

    def _fig_callback_satisfaction(self, date_from, date_to):
        if not self._has_table("gov.callback"):
            return {}
        return self._rate(self._rows("""
            SELECT department_id, count(*) FILTER (WHERE satisfaction IN ('4', '5')), count(*)
              FROM gov_callback WHERE state = 'done' AND called_at >= %s AND called_at < %s
             GROUP BY department_id""", [date_from, self._end(date_to)]))

    # ------------------------------------------------------------------ departments: staff addon
    def _fig_inspection_findings(self, date_from, date_to):
        return self._count(self._rows("""
            SELECT department_id, count(*) FROM gov_inspection_finding
             WHERE create_date >= %s AND create_date < %s GROUP BY department_id""",
            [date_from, self._end(date_to)]))

    def _fig_dept_attendance(self, date_from, date_to):
        return self._count(self._rows("""
            SELECT department_id, count(*) FROM gov_duty_shift
             WHERE status = 'absent' AND date BETWEEN %s AND %s GROUP BY department_id""", [date_from, date_to]))

    # ------------------------------------------------------------------ staff
    def _fig_late(self, date_from, date_to):
        return self._count(self._rows("""
            SELECT employee_id, count(*) FROM gov_duty_shift
             WHERE status IN ('late', 'early', 'late_early') AND date BETWEEN %s AND %s GROUP BY employee_id""",
            [date_from, date_to]))

    def _fig_absent(self, date_from, date_to):
        return self._count(self._rows("""
            SELECT employee_id, count(*) FROM gov_duty_shift
             WHERE status = 'absent' AND date BETWEEN %s AND %s GROUP BY employee_id""", [date_from, date_to]))

    def _fig_leave(self, date_from, date_to):
        # a shift handed to a cover counts as the leave of the clerk it was rostered to
        return self._count(self._rows("""
            SELECT coalesce(CASE WHEN cover_leave_id IS NOT NULL THEN original_employee_id END, employee_id),
                   count(*)
              FROM gov_duty_shift
             WHERE (status = 'leave' OR cover_leave_id IS NOT NULL) AND date BETWEEN %s AND %s
             GROUP BY 1""", [date_from, date_to]))

    def _fig_training_hours(self, date_from, date_to):
        return self._count(self._rows("""
            SELECT employee_id, sum(hours) FROM (
                SELECT r.employee_id, s.hours FROM gov_training_attendee_rel r
                  JOIN gov_training_session s ON s.id = r.session_id WHERE s.date BETWEEN %s AND %s
                UNION ALL
                SELECT r.employee_id, a.hours FROM gov_staff_activity_attendee_rel r
                  JOIN gov_staff_activity a ON a.id = r.activity_id WHERE a.date BETWEEN %s AND %s
            ) t GROUP BY employee_id""", [date_from, date_to, date_from, date_to]))

    def _fig_conduct_points(self, date_from, date_to):
        return self._count(self._rows("""
            SELECT employee_id, sum(points) FROM gov_conduct_record
             WHERE state != 'draft' AND date BETWEEN %s AND %s GROUP BY employee_id""", [date_from, date_to]))

    def _fig_person_findings(self, date_from, date_to):
        return self._count(self._rows("""
            SELECT employee_id, count(*) FROM gov_inspection_finding
             WHERE employee_id IS NOT NULL AND create_date >= %s AND create_date < %s GROUP BY employee_id""",
            [date_from, self._end(date_to)]))

    def _fig_staff_on_time(self, date_from, date_to):
        return self._rate(self._by_employee(self._rows("""
            SELECT clerk_id, count(*) FILTER (WHERE decision_date <= due_date), count(*)
              FROM gov_case WHERE decision_date BETWEEN %s AND %s AND due_date IS NOT NULL
             GROUP BY clerk_id""", [date_from, date_to])))

    def _fig_staff_satisfaction(self, date_from, date_to):
        if not self._has_table("gov.evaluation"):
            return {}
        return self._rate(self._by_employee(self._rows("""
            SELECT user_id, count(*) FILTER (WHERE level IN ('4', '5')), count(*)
              FROM gov_evaluation WHERE state != 'removed' AND rated_at >= %s AND rated_at < %s
             GROUP BY user_id""", [date_from, self._end(date_to)])))
