from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_warranty_partner_id = fields.Many2one(
        "res.partner",
        string="Warranty Partner",
        help="The manufacturer's partner billed for claims and to whom old parts are "
        "returned; the parts supplier when empty.",
    )
    kia_warranty_labour_rate = fields.Monetary(
        string="Warranty Labour Rate",
        help="Per hour, as the manufacturer pays it; the dealer's labour rate when 0.",
    )
    kia_warranty_handling_percent = fields.Float(
        string="Parts Handling (%)",
        default=10.0,
        help="Added to the parts' net cost to make their warranty price.",
    )
    kia_warranty_duplicate_days = fields.Integer(
        string="Duplicate Window (days)",
        default=90,
        help="A claim on the same VIN and causal part within this many days is a duplicate "
        "(0: no duplicate check).",
    )
    kia_warranty_submission_days = fields.Integer(
        string="Submission Deadline (days)",
        default=30,
        help="Days after the repair within which a claim must be submitted.",
    )
    kia_warranty_return_days = fields.Integer(
        string="Old Part Return Deadline (days)",
        default=60,
        help="Days an old part may wait in quarantine for the manufacturer's instruction.",
    )
    kia_warranty_labour_account_id = fields.Many2one(
        "account.account", string="Warranty Labour Income Account", check_company=True
    )
    kia_warranty_parts_account_id = fields.Many2one(
        "account.account", string="Warranty Parts Income Account", check_company=True
    )
    kia_warranty_writeoff_account_id = fields.Many2one(
        "account.account", string="Warranty Write-off Account", check_company=True
    )
    kia_warranty_journal_id = fields.Many2one(
        "account.journal",
        string="Warranty Sales Journal",
        domain=[("type", "=", "sale")],
        check_company=True,
    )

    def _kia_warranty_partner(self):
        self.ensure_one()
        return self.kia_warranty_partner_id or self.kia_parts_supplier_id

    def _kia_warranty_rate(self):
        self.ensure_one()
        return self.kia_warranty_labour_rate or self.kia_labour_rate
