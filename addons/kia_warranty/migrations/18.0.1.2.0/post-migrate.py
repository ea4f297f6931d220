"""Waivers are signed off through tier validation (base_tier_validation): every waiver
recorded before was the warranty manager's own, so it becomes an approved review by him
with its reason as his comment (the check stays waived)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.kia_training.upgrade import record_sign_offs


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    waivers = env["kia.warranty.claim.waiver"].search([("review_ids", "=", False)])
    record_sign_offs(
        env, [(waiver, waiver.user_id.id, waiver.date, waiver.reason) for waiver in waivers]
    )
