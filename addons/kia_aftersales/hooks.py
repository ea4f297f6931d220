from odoo import Command


def revoke_default_attendance_admin(env):
    """Installing Odoo Attendances into a database that has users makes every internal
    user an Attendances Administrator (Odoo adds the group to the default user template,
    which propagates it to all internal users). Technicians could then edit their own
    attendances, the attended hours that measure their productivity. Run once, when the
    suite brings Attendances in (install, or the upgrade to 18.0.1.2.0): only the
    administrators and the HR managers keep it; HR grants it to others deliberately."""
    manager = env.ref("hr_attendance.group_hr_attendance_manager", raise_if_not_found=False)
    if not manager:
        return
    internal = env.ref("base.group_user").users & manager.users
    keep = (
        env.ref("base.user_root")
        | env.ref("base.user_admin")
        | env.ref("hr.group_hr_manager").users
        | env.ref("base.group_system").users
    )
    officer = env.ref("hr_attendance.group_hr_attendance_officer")
    # The users, and the template of the users created from now on.
    template = env.ref("base.default_user", raise_if_not_found=False) or env["res.users"]
    (internal - keep | template.with_context(active_test=False)).write(
        {"groups_id": [Command.unlink(manager.id), Command.unlink(officer.id)]}
    )


def post_init_hook(env):
    revoke_default_attendance_admin(env)
