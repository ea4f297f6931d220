from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .kia_job_line import MONEY_GROUPS
from .kia_job_time_log import COST_GROUPS

STAGES = [
    ("reception", "Reception"),
    ("waiting_approval", "Waiting Approval"),
    ("waiting_parts", "Waiting Parts"),
    ("in_progress", "In Progress"),
    ("quality_check", "Quality Check"),
    ("ready", "Ready"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
]
# What may still change on a delivered work order: its follow-up and its chatter.
WRITABLE_AFTER_DELIVERY = {"kia_followup_ids", "kia_invoice_paid_at_delivery"}
# Written by the delivery only (as the system, once its checks are done).
DELIVERY_FIELDS = {
    "kia_delivered_date",
    "kia_delivered_by_id",
    "kia_delivery_override_by_id",
    "kia_delivery_override_reason",
    "kia_invoice_paid_at_delivery",
}
# Noted with the customer at reception: frozen once the check-in is recorded.
RECEPTION_FIELDS = {"kia_checkin_odometer", "kia_fuel_level", "kia_valuables"}


class RepairOrder(models.Model):
    """A work order (维修工单) is a repair order for a customer's vehicle. Its status is
    repair's own (new, confirmed, under repair, repaired, cancelled); the stage shown to
    the workshop is derived from it and from the jobs, parts, quality check and delivery.

    The stamps of the flow (check-in, estimate, delivery) and the computed quality-check
    state, rework count and amounts are workflow fields (``kia.workflow.mixin``): only
    the buttons write them. Repair's own ``state`` is not one (repair's buttons write it
    as the user): its transitions are checked in ``write`` instead."""

    _name = "repair.order"
    _inherit = ["repair.order", "kia.notify.mixin", "kia.workflow.mixin"]

    kia_vehicle_id = fields.Many2one(
        "fleet.vehicle", string="Vehicle", index=True, tracking=True, check_company=True
    )
    kia_license_plate = fields.Char(related="kia_vehicle_id.license_plate", string="Plate")
    kia_vin = fields.Char(related="kia_vehicle_id.vin_sn", string="VIN")
    kia_vehicle_model_id = fields.Many2one(
        related="kia_vehicle_id.model_id", string="Model", store=True
    )
    # The service advisor is repair's own Responsible (default: the current user): one
    # field for Odoo's screens and ours, tracked and indexed for "My Work Orders".
    user_id = fields.Many2one(tracking=True, index=True)
    kia_promised_date = fields.Datetime(string="Promised Delivery", tracking=True)
    kia_appointment_id = fields.Many2one(
        "kia.appointment", string="Appointment", readonly=True, copy=False, index="btree_not_null"
    )
    kia_job_line_ids = fields.One2many("kia.job.line", "repair_id", string="Jobs", copy=True)
    kia_stage = fields.Selection(
        STAGES,
        string="Stage",
        compute="_compute_kia_stage",
        store=True,
        index=True,
        group_expand="_group_expand_kia_stage",
    )
    # Reception (接车检查)
    kia_checkin_date = fields.Datetime(
        string="Checked In", readonly=True, copy=False, kia_workflow=True
    )
    kia_checkin_odometer = fields.Float(string="Odometer at Check-in", copy=False, tracking=True)
    kia_checkin_odometer_id = fields.Many2one(
        "fleet.vehicle.odometer", readonly=True, copy=False, kia_workflow=True
    )
    kia_fuel_level = fields.Selection(
        [("0", "Empty"), ("25", "1/4"), ("50", "1/2"), ("75", "3/4"), ("100", "Full")],
        string="Fuel / Charge Level",
        copy=False,
    )
    kia_reception_line_ids = fields.One2many(
        "kia.checklist.line",
        "repair_id",
        string="Walk-around",
        domain=[("usage", "=", "reception")],
        copy=False,
    )
    kia_handover_line_ids = fields.One2many(
        "kia.checklist.line",
        "repair_id",
        string="Handover",
        domain=[("usage", "=", "handover")],
        copy=False,
    )
    kia_valuables = fields.Text(
        string="Valuables",
        copy=False,
        help="Valuables left in the vehicle, noted with the customer.",
    )
    kia_customer_concerns = fields.Text(
        string="Customer Concerns", help="What the customer says, in the customer's words."
    )
    kia_warranty_state = fields.Selection(related="kia_vehicle_id.kia_warranty_state")
    kia_first_service_status = fields.Selection(related="kia_vehicle_id.kia_first_service_status")
    kia_open_campaign_line_ids = fields.Many2many(
        "kia.service.campaign.vehicle",
        compute="_compute_kia_open_campaign_line_ids",
        string="Open Campaigns and Recalls",
    )
    # Estimate and approvals
    kia_estimate_sent_date = fields.Datetime(
        string="Estimate Sent", readonly=True, copy=False, kia_workflow=True
    )
    kia_approval_ids = fields.One2many(
        "kia.work.order.approval", "repair_id", string="Customer Approvals", readonly=True
    )
    # Quality check (质检)
    kia_quality_check_ids = fields.One2many(
        "kia.quality.check", "repair_id", string="Quality Checks", readonly=True
    )
    kia_qc_state = fields.Selection(
        [("none", "Not Checked"), ("passed", "Passed"), ("failed", "Failed")],
        string="Quality Check",
        compute="_compute_kia_qc",
        store=True,
    )
    kia_rework_count = fields.Integer(
        string="Reworks", compute="_compute_kia_qc", store=True, help="Failed quality checks."
    )
    # Delivery (交车)
    kia_delivered_date = fields.Datetime(
        string="Delivered", readonly=True, copy=False, tracking=True, kia_workflow=True
    )
    kia_delivered_by_id = fields.Many2one(
        "res.users", string="Delivered By", readonly=True, copy=False, kia_workflow=True
    )
    kia_delivery_override_by_id = fields.Many2one(
        "res.users",
        string="Unpaid Delivery Authorised By",
        readonly=True,
        copy=False,
        kia_workflow=True,
    )
    kia_delivery_override_reason = fields.Text(
        string="Unpaid Delivery Reason", readonly=True, copy=False, kia_workflow=True
    )
    kia_invoice_paid_at_delivery = fields.Boolean(readonly=True, copy=False, kia_workflow=True)
    kia_delay_hours = fields.Float(
        string="Delay (hours)",
        compute="_compute_kia_delay_hours",
        store=True,
        help="Delivery time minus promised time; negative when early.",
    )
    kia_followup_ids = fields.One2many(
        "kia.service.followup", "repair_id", string="Follow-ups", readonly=True
    )
    # Money (not for technicians)
    currency_id = fields.Many2one(related="company_id.currency_id")
    # One source for the customer's money: the work order's sale order and its invoices
    # (see _compute_kia_amounts and kia.job.line._compute_amounts).
    kia_amount_labour = fields.Monetary(
        string="Labour Amount",
        compute="_compute_kia_work_amounts",
        groups=MONEY_GROUPS,
        help="Labour of all the jobs before taxes, whoever pays it, as the customer's sale "
        "order prices it.",
    )
    kia_amount_parts = fields.Monetary(
        string="Parts Amount",
        compute="_compute_kia_work_amounts",
        groups=MONEY_GROUPS,
        help="Parts of all the jobs before taxes, whoever pays them, as the customer's sale "
        "order prices them.",
    )
    kia_amount_customer = fields.Monetary(
        string="Customer Pays",
        compute="_compute_kia_amounts",
        store=True,
        groups=MONEY_GROUPS,
        help="What the customer's sale order charges, before taxes (its invoices once invoiced).",
    )
    kia_amount_customer_total = fields.Monetary(
        string="Customer Pays (incl. taxes)",
        compute="_compute_kia_amounts",
        store=True,
        groups=MONEY_GROUPS,
        help="What the customer's sale order charges, taxes included (its invoices once invoiced).",
    )
    kia_payment_state = fields.Selection(
        [
            ("no_charge", "No Charge"),
            ("to_invoice", "To Invoice"),
            ("unpaid", "Unpaid"),
            ("paid", "Paid"),
        ],
        string="Payment",
        compute="_compute_kia_payment_state",
        compute_sudo=True,
        groups=MONEY_GROUPS,
        help="Read from the sale order and its posted invoices (taxes included): what is "
        "billable and not invoiced yet is to invoice; an invoice with an amount due (net of "
        "credit notes) is unpaid.",
    )

    # Labour cost and gross profit (service manager only): the clocked time at the
    # technicians' hourly cost (kia.job.time.log), against the labour revenue above.
    kia_labour_cost = fields.Monetary(
        string="Labour Cost",
        compute="_compute_kia_labour_cost",
        store=True,
        groups=COST_GROUPS,
        help="Clocked time of all the jobs at each technician's hourly cost when he clocked off.",
    )
    kia_labour_margin = fields.Monetary(
        string="Labour Gross Profit",
        compute="_compute_kia_labour_margin",
        groups=COST_GROUPS,
        help="Labour amount (as the customer's sale order prices it) minus labour cost.",
    )

    @api.constrains("kia_checkin_odometer")
    def _check_kia_checkin_odometer(self):
        if self.filtered(lambda order: order.kia_checkin_odometer < 0):
            raise ValidationError(self.env._("An odometer reading cannot be negative."))

    @api.depends("kia_job_line_ids.labour_cost")
    def _compute_kia_labour_cost(self):
        for order in self:
            order.kia_labour_cost = sum(order.kia_job_line_ids.mapped("labour_cost"))

    @api.depends("kia_amount_labour", "kia_labour_cost")
    def _compute_kia_labour_margin(self):
        """Computed when shown, like the labour amount it starts from (the money is stored
        once, on the sale order)."""
        for order in self:
            order.kia_labour_margin = order.kia_amount_labour - order.kia_labour_cost

    # ------------------------------------------------------------------ computes

    @api.depends(
        "state",
        "kia_estimate_sent_date",
        "kia_delivered_date",
        "kia_job_line_ids.state",
        "kia_job_line_ids.approval_id",
        "move_ids.state",
        "move_ids.kia_approval_id",
    )
    def _compute_kia_stage(self):
        for order in self:
            jobs = order.kia_job_line_ids
            parts = order.move_ids.filtered(
                lambda m: m.repair_line_type == "add" and m.state not in ("cancel", "done")
            )
            if order.state == "cancel":
                stage = "cancelled"
            elif order.kia_delivered_date:
                stage = "delivered"
            elif order.state == "done":
                stage = "ready"
            elif order.state == "draft":
                stage = "waiting_approval" if order.kia_estimate_sent_date else "reception"
            elif order._kia_jobs_awaiting_approval() or (
                order.move_ids._kia_parts_awaiting_approval()
            ):
                stage = "waiting_approval"
            elif jobs and all(job.state in ("done", "cancelled") for job in jobs):
                stage = "quality_check"
            elif any(m.state in ("confirmed", "waiting", "partially_available") for m in parts):
                stage = "waiting_parts"
            else:
                stage = "in_progress"
            order.kia_stage = stage

    @api.model
    def _group_expand_kia_stage(self, stages, domain):
        return [key for key, _label in STAGES if key != "cancelled"]

    @api.depends("kia_vehicle_id")
    def _compute_kia_open_campaign_line_ids(self):
        lines = self.env["kia.service.campaign.vehicle"].search(
            [
                ("vehicle_id", "in", self.kia_vehicle_id.ids),
                ("state", "=", "open"),
                ("campaign_id.state", "=", "active"),
            ]
        )
        by_vehicle = lines.grouped("vehicle_id")
        for order in self:
            order.kia_open_campaign_line_ids = by_vehicle.get(order.kia_vehicle_id, lines.browse())

    @api.depends("kia_quality_check_ids.result")
    def _compute_kia_qc(self):
        # The latest check is the last one recorded (its id), not a date someone typed.
        for order in self:
            checks = order.kia_quality_check_ids.sorted("id")
            order.kia_rework_count = len(checks.filtered(lambda c: c.result == "fail"))
            if not checks:
                order.kia_qc_state = "none"
            else:
                order.kia_qc_state = "passed" if checks[-1].result == "pass" else "failed"

    @api.depends("kia_delivered_date", "kia_promised_date")
    def _compute_kia_delay_hours(self):
        for order in self:
            if order.kia_delivered_date and order.kia_promised_date:
                delta = order.kia_delivered_date - order.kia_promised_date
                order.kia_delay_hours = delta.total_seconds() / 3600
            else:
                order.kia_delay_hours = 0.0

    @api.depends(
        "kia_job_line_ids.labour_amount",
        "kia_job_line_ids.parts_amount",
        "kia_job_line_ids.state",
    )
    def _compute_kia_work_amounts(self):
        """Labour and parts: the jobs' values, whoever pays (see kia.job.line), computed
        when shown: the money itself is stored once, on the sale order and its invoices."""
        for order in self:
            jobs = order.kia_job_line_ids.filtered(lambda job: job.state != "cancelled")
            order.kia_amount_labour = sum(jobs.mapped("labour_amount"))
            order.kia_amount_parts = sum(jobs.mapped("parts_amount"))

    @api.depends(
        "kia_vehicle_id",
        "sale_order_id.state",
        "sale_order_id.order_line.price_subtotal",
        "sale_order_id.order_line.price_total",
        "sale_order_id.order_line.product_uom_qty",
        "sale_order_id.order_line.qty_invoiced",
        "sale_order_id.order_line.untaxed_amount_invoiced",
        "sale_order_id.order_line.invoice_lines.quantity",
        "sale_order_id.order_line.invoice_lines.price_total",
        "sale_order_id.order_line.invoice_lines.parent_state",
    )
    def _compute_kia_amounts(self):
        """What the customer pays: his sale order, every line of it (a line a salesperson
        adds is billed too), or its invoice lines once invoiced (``sale.order.line.
        _kia_charged_amounts``), before and after taxes. A plain repair (no vehicle) has
        no Kia amounts: Odoo's own quotation is its money."""
        for order in self:
            lines = order.sale_order_id.order_line
            charged = lines._kia_charged_amounts().values() if order.kia_vehicle_id else ()
            order.kia_amount_customer = sum(untaxed for untaxed, _total in charged)
            order.kia_amount_customer_total = sum(total for _untaxed, total in charged)

    @api.depends(
        "kia_vehicle_id",
        "sale_order_id.state",
        "sale_order_id.order_line.price_total",
        "sale_order_id.order_line.product_uom_qty",
        "sale_order_id.order_line.qty_invoiced",
        "sale_order_id.invoice_ids.state",
        "sale_order_id.invoice_ids.amount_residual",
        "sale_order_id.invoice_ids.payment_state",
    )
    def _compute_kia_payment_state(self):
        """Whether the customer has paid his part, from the sale order and its posted
        invoices only (taxes included), not from a stored amount a client could change:
        a line with a price not (fully) invoiced by a posted invoice leaves the order to
        invoice; then what the posted invoices leave due (credit notes deducted) makes it
        unpaid; paid when they leave nothing due; no charge when nothing is billed."""
        for order in self:
            quotation = order.sale_order_id
            if not order.kia_vehicle_id or quotation.state == "cancel":
                quotation = quotation.browse()
            currency = quotation.currency_id or order.currency_id
            uninvoiced = any(
                not line.display_type
                and not currency.is_zero(line.price_total)
                and float_compare(
                    line.product_uom_qty,
                    line.qty_invoiced_posted,
                    precision_rounding=line.product_uom.rounding or 0.01,
                )
                > 0
                for line in quotation.order_line
            )
            invoices = quotation.invoice_ids.filtered(
                lambda move: (
                    move.state == "posted" and move.move_type in ("out_invoice", "out_refund")
                )
            )
            due = sum(-move.direction_sign * move.amount_residual for move in invoices)
            if uninvoiced:
                state = "to_invoice"
            elif currency.compare_amounts(due, 0.0) > 0:
                state = "unpaid"
            elif any(not currency.is_zero(move.amount_total) for move in invoices):
                state = "paid"
            else:
                state = "no_charge"
            order.kia_payment_state = state

    # ------------------------------------------------------------------ onchange / CRUD

    @api.onchange("kia_vehicle_id")
    def _onchange_kia_vehicle_id(self):
        if self.kia_vehicle_id.kia_owner_id:
            self.partner_id = self.kia_vehicle_id.kia_owner_id
        if self.kia_vehicle_id and not self.kia_checkin_odometer:
            self.kia_checkin_odometer = self.kia_vehicle_id.odometer

    @api.model_create_multi
    def create(self, vals_list):
        vehicles = self.env["fleet.vehicle"].browse(
            [vals["kia_vehicle_id"] for vals in vals_list if vals.get("kia_vehicle_id")]
        )
        for vals in vals_list:
            vehicle = vehicles.browse(vals.get("kia_vehicle_id"))
            if vehicle and not vals.get("partner_id") and vehicle.kia_owner_id:
                vals["partner_id"] = vehicle.kia_owner_id.id
        orders = super().create(vals_list)
        orders.filtered("kia_vehicle_id")._kia_add_checklist("reception")
        return orders

    def write(self, vals):
        self._kia_check_editable(vals=vals)
        if not self.env.su:
            self._kia_check_flow_write(vals)
        return super().write(vals)

    def _kia_workflow_error(self, names):
        if DELIVERY_FIELDS & set(names):
            return self.env._(
                "A work order is delivered with its Deliver button, which checks payment."
            )
        return super()._kia_workflow_error(names)

    def _kia_check_flow_write(self, vals):
        """The rules of the flow hold however the status is written (a button of repair's,
        a client's call): the customer's approval of every job and part before the work,
        quality check before completion, reception notes frozen once checked in. (The
        stamps themselves are workflow fields, refused by ``kia.workflow.mixin``.)"""
        frozen = RECEPTION_FIELDS & set(vals)
        checked_in = self.filtered("kia_checkin_date")
        if frozen and checked_in:
            raise UserError(
                self.env._(
                    "Work order %(order)s is checked in: what was noted with the customer at "
                    "reception (%(fields)s) is kept as it was recorded.",
                    order=checked_in[0].name,
                    fields=", ".join(
                        sorted(self._fields[name]._description_string(self.env) for name in frozen)
                    ),
                )
            )
        state = vals.get("state")
        if state in ("confirmed", "under_repair"):
            self.filtered(
                lambda o: o.state not in ("confirmed", "under_repair")
            )._kia_check_approved()
        elif state == "done":
            self.filtered(lambda o: o.state != "done")._kia_check_can_complete()

    def _kia_check_approved(self):
        """The approval gate (AS-04): every job that is not declined and every part of a
        vehicle work order carries the customer's approval that covers it. An approval
        that exists is not enough: jobs or parts added, or repriced, after it wait for
        their own (also after cancel and back to draft)."""
        for order in self.filtered("kia_vehicle_id"):
            jobs = order.kia_job_line_ids.filtered(
                lambda job: (
                    job.state != "cancelled" and (job.state == "to_approve" or not job.approval_id)
                )
            )
            parts = order.move_ids._kia_parts_awaiting_approval()
            if jobs or parts:
                raise UserError(
                    self.env._(
                        "Work order %(order)s is not approved by the customer yet: "
                        "%(what)s awaits approval. Record the customer's approval, which "
                        "confirms it.",
                        order=order.name,
                        what=jobs[:1].concern or parts[:1].product_id.display_name,
                    )
                )

    def _action_repair_confirm(self):
        self.filtered(lambda o: o.state == "draft")._kia_check_approved()
        return super()._action_repair_confirm()

    @api.ondelete(at_uninstall=False)
    def _kia_unlink_except_checked_in(self):
        """Deleting a work order would cascade to its jobs, clocked time, approvals,
        quality checks, checklists and follow-ups, whose own guards do not run for a
        database cascade: once checked in (or holding any evidence) it can be cancelled,
        never deleted."""
        if self.env.su:
            return
        kept = self.filtered(
            lambda o: (
                o.kia_checkin_date
                or o.kia_delivered_date
                or o.kia_approval_ids
                or o.kia_quality_check_ids
                or o.kia_followup_ids
                or o.kia_job_line_ids.time_log_ids
                or o.kia_handover_line_ids
            )
        )
        if kept:
            raise UserError(
                self.env._(
                    "Work order %s was checked in: it keeps its record (jobs, clocked time, "
                    "approvals, quality checks) and can be cancelled, not deleted.",
                    kept[0].name,
                )
            )

    def _kia_check_editable(self, vals=None):
        """A delivered work order is closed: refuse any change but its follow-up."""
        if self.env.su and self.env.context.get("kia_delivering"):
            return
        if vals is not None:
            keys = {
                key
                for key in vals
                if not key.startswith(("message_", "activity_", "website_message"))
            }
            if not keys - WRITABLE_AFTER_DELIVERY:
                return
        delivered = self.filtered("kia_delivered_date")
        if delivered:
            raise UserError(
                self.env._(
                    "Work order %(order)s was delivered on %(date)s: it can no longer be "
                    "changed. Open a new work order for further work.",
                    order=delivered[0].name,
                    date=fields.Datetime.context_timestamp(
                        self, delivered[0].kia_delivered_date
                    ).strftime("%Y-%m-%d %H:%M"),
                )
            )

    def _kia_add_checklist(self, usage):
        Item = self.env["kia.checklist.item"]
        values = []
        for company, orders in self.grouped("company_id").items():
            lines = Item._kia_items(usage, company)._kia_line_values()
            values += [dict(line, repair_id=order.id) for order in orders for line in lines]
        # Proposed by the flow; the advisor fills them in until the check-in.
        return self.env["kia.checklist.line"].sudo().create(values).with_env(self.env)

    # ------------------------------------------------------------------ reception

    def action_kia_check_in(self):
        """Record the check-in: the odometer reading goes to the vehicle's history
        (refused when below a previous reading)."""
        for order in self:
            if not order.kia_vehicle_id:
                raise UserError(
                    self.env._(
                        "Choose the vehicle of work order %s before checking it in.", order.name
                    )
                )
            if order.kia_checkin_date:
                raise UserError(self.env._("Work order %s is already checked in.", order.name))
            if order.kia_checkin_odometer <= 0:
                raise UserError(
                    self.env._("Enter the odometer reading of %s at check-in.", order.name)
                )
        now = fields.Datetime.now()
        readings = self.env["fleet.vehicle.odometer"].create(
            [
                {
                    "vehicle_id": order.kia_vehicle_id.id,
                    "value": order.kia_checkin_odometer,
                    "date": fields.Date.context_today(order),
                }
                for order in self
            ]
        )
        for order, reading in zip(self, readings, strict=True):
            order._kia_flow_write({"kia_checkin_date": now, "kia_checkin_odometer_id": reading.id})
        return True

    def action_kia_print_checkin_sheet(self):
        return self.env.ref("kia_aftersales.action_report_checkin_sheet").report_action(self)

    def action_kia_add_campaign_jobs(self):
        """Add a warranty job for each open campaign or recall of the vehicle."""
        values = []
        for order in self:
            done = order.kia_job_line_ids.campaign_line_id
            for line in order.kia_open_campaign_line_ids - done:
                campaign = line.campaign_id
                values.append(
                    {
                        "repair_id": order.id,
                        "concern": self.env._(
                            "%(type)s %(code)s: %(name)s",
                            type=dict(
                                campaign._fields["campaign_type"]._description_selection(self.env)
                            )[campaign.campaign_type],
                            code=campaign.code,
                            name=campaign.name,
                        ),
                        "labour_operation_id": campaign.labour_operation_id.id,
                        "pay_type": "warranty",
                        "campaign_line_id": line.id,
                    }
                )
        if not values:
            raise UserError(self.env._("The vehicle has no open campaign or recall left to add."))
        return self.env["kia.job.line"].create(values)

    # ------------------------------------------------------------------ estimate and approval

    def action_kia_send_estimate(self):
        """Build the quotation (customer-pay labour and parts) and send the estimate to
        the customer for approval."""
        for order in self:
            if not order.kia_job_line_ids:
                raise UserError(
                    self.env._("Add the jobs of %s before sending its estimate.", order.name)
                )
            if order.state != "draft":
                raise UserError(self.env._("The estimate of %s was already approved.", order.name))
        self._kia_create_quotation()
        self._kia_flow_write({"kia_estimate_sent_date": fields.Datetime.now()})
        self._kia_notify("estimate")
        return True

    def _kia_create_quotation(self):
        """Every vehicle work order of a customer gets its quotation (repair's sale order)
        with the estimate, even when no job is customer-pay yet: it is the one place of
        the customer's money, where a job turned customer-pay later finds its lines.
        Its lines are the labour of the customer-pay jobs (see kia.job.line) and their
        parts (see stock.move). Customer-pay work with no customer to bill is refused."""
        orders = self.filtered(
            lambda o: o.kia_vehicle_id and not o.sale_order_id and o.state != "cancel"
        )
        unbillable = orders.filtered(
            lambda o: (
                not o.partner_id
                and any(
                    job.pay_type == "customer" and job.state != "cancelled"
                    for job in o.kia_job_line_ids
                )
            )
        )
        if unbillable:
            raise UserError(
                self.env._(
                    "Work order %s has customer-pay jobs but no customer: choose the customer "
                    "who pays before quoting it.",
                    unbillable[0].name,
                )
            )
        orders = orders.filtered("partner_id")
        for order in orders:
            order.action_create_sale_order()
        orders.kia_job_line_ids._kia_sync_sale_lines()

    def action_kia_print_estimate(self):
        return self.env.ref("kia_aftersales.action_report_estimate").report_action(self)

    def _kia_record_approval(
        self, approved_by, method, jobs=None, declined=None, note=False, partner=None
    ):
        """Record the customer's approval of ``jobs`` (default: every job awaiting it);
        ``declined`` jobs are cancelled. Approving the estimate confirms the work order
        and its quotation.

        The only way an approval is made (as the system, once these checks are done):
        each approved job and each of its parts awaiting approval (and any part without
        a job) then carries this approval; the approval gate asks for that."""
        self.ensure_one()
        self.check_access("write")
        if not (approved_by or "").strip():
            raise UserError(
                self.env._("Who approved? Enter the name of the person who gave the approval.")
            )
        pending = self._kia_jobs_awaiting_approval()
        jobs = pending if jobs is None else jobs
        declined = declined or self.env["kia.job.line"]
        if (jobs | declined) - pending:
            raise UserError(
                self.env._(
                    "Only jobs awaiting the customer's approval can be approved or declined."
                )
            )
        if not jobs and not declined:
            raise UserError(self.env._("Nothing awaits the customer's approval on %s.", self.name))
        kind = "estimate" if self.state == "draft" else "additional"
        # What the customer approves is his sale order's amount (pricelist, units,
        # discounts; before taxes): the quotation exists first.
        self._kia_create_quotation()
        amount = sum(
            job.labour_amount + job.parts_amount
            for job in jobs.sudo()
            if job.pay_type == "customer"
        )
        approval = (
            self.env["kia.work.order.approval"]
            .sudo()
            .create(
                {
                    "repair_id": self.id,
                    "kind": kind,
                    "partner_id": (partner or self.partner_id).id,
                    "approved_by": approved_by.strip(),
                    "method": method,
                    "recorded_by_id": self.env.uid,
                    "job_line_ids": [Command.set(jobs.ids)],
                    "declined_job_line_ids": [Command.set(declined.ids)],
                    "amount": amount,
                    "note": note,
                }
            )
            .with_env(self.env)
        )
        # Jobs not started go to the workshop; work in progress or done whose change
        # (a part, new hours) was approved keeps its status.
        for job in jobs.sudo():
            values = {"approval_id": approval.id}
            if job.state in ("to_approve", "todo", "dispatched"):
                values["state"] = "dispatched" if job.technician_ids else "todo"
            job.write(values)
        parts = self.move_ids._kia_parts_awaiting_approval().filtered(
            lambda move: move.kia_job_line_id in jobs or not move.kia_job_line_id
        )
        parts.sudo().write({"kia_approval_id": approval.id})
        declined.sudo().write({"state": "cancelled"})
        declined._kia_sync_sale_lines()
        declined.move_ids.filtered(lambda m: m.state != "done")._action_cancel()
        self._kia_create_quotation()
        if kind == "estimate":
            self._action_repair_confirm()
        if self.sale_order_id.state in ("draft", "sent") and self.sale_order_id.order_line:
            self.sale_order_id.action_confirm()
        # A log on the order's history (no notification: the approval is recorded).
        self._message_log(
            body=self.env._(
                "%(who)s approved %(jobs)s (%(how)s).",
                who=approval.approved_by,
                jobs=", ".join(jobs.mapped("concern")) or self.env._("nothing"),
                how=dict(approval._fields["method"]._description_selection(self.env))[method],
            )
        )
        return approval

    def _kia_jobs_awaiting_approval(self):
        """The whole estimate of a new order, or what was found or changed since: jobs
        added (additional work) or repriced after the approval, and jobs with parts
        added after it."""
        pending_parts = self.move_ids._kia_parts_awaiting_approval()
        return self.kia_job_line_ids.filtered(
            lambda job: (
                job.state != "cancelled"
                and (
                    job.state == "to_approve"
                    or job.repair_id.state == "draft"
                    or not job.approval_id
                    or job in pending_parts.kia_job_line_id
                )
            )
        )

    def _kia_notify_additional_work(self):
        self._kia_notify("additional_work")

    # ------------------------------------------------------------------ completion

    def action_repair_end(self):
        self._kia_check_can_complete()
        return super().action_repair_end()

    def action_repair_done(self):
        self._kia_check_can_complete()
        return super().action_repair_done()

    def _kia_check_can_complete(self):
        for order in self.filtered("kia_job_line_ids"):
            unfinished = order.kia_job_line_ids.filtered(
                lambda job: job.state not in ("done", "cancelled")
            )
            if unfinished:
                raise UserError(
                    self.env._(
                        "Work order %(order)s cannot be completed: job %(job)s is not finished.",
                        order=order.name,
                        job=unfinished[0].concern,
                    )
                )
            order._kia_check_approved()
            if order.kia_qc_state != "passed":
                raise UserError(
                    self.env._(
                        "Work order %s cannot be completed before it passes the quality check.",
                        order.name,
                    )
                )

    def _kia_complete_after_quality_check(self):
        self.action_repair_end()
        self._kia_notify("ready")

    def action_kia_quality_check(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Quality Check"),
            "res_model": "kia.quality.check",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_repair_id": self.id,
                "default_line_ids": [
                    Command.create(values)
                    for values in self.env["kia.checklist.item"]
                    ._kia_items("quality", self.company_id)
                    ._kia_line_values()
                ],
            },
        }

    # ------------------------------------------------------------------ invoice and delivery

    def action_kia_invoice(self):
        invoices = self._kia_create_invoices()
        return invoices._get_records_action(name=self.env._("Invoices"))

    def _kia_create_invoices(self, invoice_date=None):
        """Invoice the customer's part through the work order's sale order: what it
        holds and is not invoiced yet (see the payment state). A quotation still in draft
        (a job turned customer-pay after an estimate with nothing to pay) is confirmed
        first: the customer approved each of its jobs.

        An advisor holds no billing rights (he cannot change an invoice nor register the
        payment that unlocks his delivery): once his right on the work orders is checked,
        the sale order is invoiced as the system, exactly as it stands."""
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("kia_aftersales.group_advisor")
            or user.has_group("account.group_account_invoice")
        ):
            raise UserError(
                self.env._("Only a service advisor or an accountant invoices a work order.")
            )
        self.check_access("write")
        orders = self.filtered(lambda o: o.sudo().kia_payment_state == "to_invoice")
        if not orders:
            raise UserError(
                self.env._(
                    "Nothing to invoice: nothing on these work orders is billed to the customer."
                )
            )
        if orders.filtered(lambda o: o.state != "done"):
            raise UserError(
                self.env._("Invoice a work order once it is repaired (quality check passed).")
            )
        quotations = orders.sudo().sale_order_id
        quotations.filtered(lambda so: so.state in ("draft", "sent")).action_confirm()
        invoices = quotations._create_invoices()
        if invoice_date:
            invoices.invoice_date = invoice_date
        invoices.action_post()
        return invoices.with_env(self.env)

    def _kia_deliver(self, handover_values=None, override_reason=False):
        """Hand the vehicle back (交车): the order must be repaired and the customer's
        part paid, unless a service manager authorises an unpaid delivery."""
        unpaid = self.filtered(lambda o: o.sudo().kia_payment_state in ("to_invoice", "unpaid"))
        for order in self:
            if order.kia_delivered_date:
                raise UserError(self.env._("Work order %s is already delivered.", order.name))
            if order.state != "done":
                raise UserError(
                    self.env._(
                        "Work order %s is not repaired yet: it cannot be delivered.", order.name
                    )
                )
        # The service manager's sign-off (tier validation, see repair_order_sign_off.py);
        # a service manager delivering himself signs off with his reason.
        unpaid._kia_tier_check(
            lambda order: self.env._(
                "Work order %(order)s is not paid: the customer pays before the vehicle "
                "leaves, or a service manager signs off the delivery with a reason (Request "
                "Validation, then the service manager validates).",
                order=order.name,
            ),
            comment=override_reason,
        )
        now = fields.Datetime.now()
        # Checks done: the delivery itself is written as the system (the order locks).
        orders = self.sudo().with_context(kia_delivering=True)
        if handover_values:
            self.env["kia.checklist.line"].sudo().create(
                [dict(values, repair_id=order.id) for order in orders for values in handover_values]
            )
        for order in orders:
            values = {
                "kia_delivered_date": now,
                "kia_delivered_by_id": self.env.uid,
                "kia_invoice_paid_at_delivery": order not in unpaid,
            }
            if order in unpaid:
                review = order.review_ids.filtered(lambda r: r.status == "approved")[-1:]
                values |= {
                    "kia_delivery_override_by_id": review.done_by.id,
                    "kia_delivery_override_reason": review.comment or override_reason,
                }
            order.write(values)
        orders._kia_after_delivery()
        return True

    def _kia_after_delivery(self):
        jobs = self.kia_job_line_ids.filtered(lambda job: job.state == "done")
        maintenance = jobs.filtered(
            lambda job: job.labour_operation_id.category == "maintenance"
        ).repair_id
        self.env["fleet.vehicle"].sudo()._kia_record_maintenance(maintenance)
        for job in jobs.filtered("is_first_free_service"):
            vehicle = job.repair_id.kia_vehicle_id.sudo()
            if not vehicle.kia_first_service_repair_id:
                vehicle.kia_first_service_repair_id = job.repair_id
        jobs.campaign_line_id.sudo()._kia_mark_done(jobs)
        self.env["kia.service.followup"].sudo()._kia_schedule(self)
