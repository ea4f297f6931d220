from odoo import fields, models


class KiaWorkOrderDocument(models.AbstractModel):
    """What belongs to one work order (job lines, approvals, quality checks, follow-ups):
    deleted with it, in its company."""

    _name = "kia.work.order.document"
    _description = "Work Order Document"
    _check_company_auto = True

    repair_id = fields.Many2one(
        "repair.order",
        string="Work Order",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="repair_id.company_id", store=True, index=True, precompute=True
    )
