"""The hall's two shared habits: refusing an action to a role, and telling people by activity."""
from odoo.exceptions import AccessError


def check_group(env, group, message):
    """Refuse the action unless the user is in ``group`` (an xmlid): an AccessError in the user's
    language, the same exception class everywhere a role is missing."""
    if not env.user.has_group(group):
        raise AccessError(message)


def notify_users(records, users, summary, note="", date_deadline=None):
    """A to-do activity on each record for each active internal user of ``users``."""
    todo = records.env.ref("mail.mail_activity_data_todo")
    users = users.filtered(lambda u: u.active and not u.share)
    for record in records:
        for user in users:
            record.activity_schedule(activity_type_id=todo.id, user_id=user.id, summary=summary, note=note or "",
                                     date_deadline=date_deadline)
