"""Clocking and labour cost (Attendances, hourly cost): the upgrade installs Odoo's
Attendances, which makes every internal user an Attendances Administrator; technicians
must not edit the attendances that measure them (see hooks.revoke_default_attendance_admin)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.kia_aftersales.hooks import revoke_default_attendance_admin


def migrate(cr, version):
    revoke_default_attendance_admin(api.Environment(cr, SUPERUSER_ID, {}))
