from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    kia_warranty_claim_id = fields.Many2one(
        "kia.warranty.claim", string="Warranty Claim", index="btree_not_null", copy=False
    )
