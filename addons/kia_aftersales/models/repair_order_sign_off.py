from odoo import api, fields, models


class RepairOrder(models.Model):
    """Delivering a repaired work order the customer has not paid (交车未付款) needs the
    service manager's sign-off: a tier validation of the work order (definition
    ``kia_aftersales.tier_definition_unpaid_delivery``), requested by the advisor from
    the repaired order and validated by a service manager with his reason (the review's
    comment). The delivery checks it (``_kia_deliver``); a service manager delivering
    himself signs off with the reason he gives."""

    _name = "repair.order"
    _inherit = ["repair.order", "tier.validation"]

    # Signed off while repaired; no state is written by the sign-off (the delivery is a
    # stamp, checked by _kia_deliver), so OCA's gate on the state never triggers.
    _state_from = ["done"]
    _state_to = []
    _cancel_state = "cancel"
    # Buttons and reviews placed by the suite's view (OCA's would make the whole form
    # read-only while a validation is open).
    _tier_validation_manual_config = True

    kia_delivery_unpaid = fields.Boolean(
        string="Unpaid at Delivery",
        compute="_compute_kia_delivery_unpaid",
        help="Repaired, not delivered, and the customer's part is not paid: delivering it "
        "needs the service manager's sign-off.",
    )

    @api.depends("state", "kia_delivered_date")
    def _compute_kia_delivery_unpaid(self):
        for order in self:
            order.kia_delivery_unpaid = (
                order.state == "done"
                and not order.kia_delivered_date
                and order.sudo().kia_payment_state in ("to_invoice", "unpaid")
            )

    def _kia_tier_fingerprint(self):
        # The sign-off covers the amount the customer is charged then.
        self.ensure_one()
        return str(self.kia_amount_customer_total)

    def _tier_validation_check_write_allowed(self, vals):
        # Work orders keep their own locking (kia.workflow.mixin, delivery lock).
        return True

    def _get_to_validate_message_name(self):
        return self.env._("Unpaid delivery")
