from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    kia_job_line_id = fields.Many2one(
        "kia.job.line", string="Job", index="btree_not_null", readonly=True, copy=False
    )
