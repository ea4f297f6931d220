from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .kia_job_time_log import COST_GROUPS

PAY_TYPES = [
    ("customer", "Customer"),
    ("warranty", "Warranty"),
    ("internal", "Internal"),
    ("goodwill", "Goodwill"),
]
MONEY_GROUPS = "kia_aftersales.group_advisor,kia_aftersales.group_foreman"
# What a technician may change on his own job lines; everything else goes through the
# advisor or the foreman.
TECHNICIAN_FIELDS = {"cause", "correction"}
# What the customer approved the job for: changing it after the approval needs a new one.
PRICE_FIELDS = {"flagged_hours", "labour_rate", "labour_operation_id", "pay_type"}


class KiaJobLine(models.Model):
    """A job of a work order (维修项目): the customer's concern, its cause and correction,
    the labour operation with its flat-rate hours, the pay type, the technicians and the
    parts (the repair's stock moves attached to the line).

    Its status, stamps, rework count, approval and clocked hours are workflow fields
    (``kia.workflow.mixin``), written by its buttons only."""

    _name = "kia.job.line"
    _description = "Job Line"
    _inherit = ["kia.work.order.document", "kia.workflow.mixin"]
    _order = "repair_id, sequence, id"
    _rec_name = "concern"

    sequence = fields.Integer(default=10)
    vehicle_id = fields.Many2one(
        related="repair_id.kia_vehicle_id",
        store=True,
        precompute=True,
        string="Vehicle",
        index=True,
    )
    repair_state = fields.Selection(related="repair_id.state", string="Work Order Status")
    concern = fields.Text(required=True, help="The customer's concern, in the customer's words.")
    cause = fields.Text(help="What the technician found.")
    correction = fields.Text(help="What was done to correct it.")
    labour_operation_id = fields.Many2one("kia.labour.operation", check_company=True, index=True)
    flagged_hours = fields.Float(
        compute="_compute_flagged_hours",
        store=True,
        precompute=True,
        readonly=False,
        digits=(16, 2),
        help="Flat-rate hours paid for the job.",
    )
    clocked_hours = fields.Float(
        compute="_compute_clocked_hours",
        store=True,
        precompute=True,
        digits=(16, 2),
        help="Time the technicians actually clocked on the job.",
    )
    labour_cost = fields.Monetary(
        compute="_compute_labour_cost",
        store=True,
        precompute=True,
        groups=COST_GROUPS,
        help="The clocked time at each technician's hourly cost when he clocked off.",
    )
    currency_id = fields.Many2one(related="repair_id.company_id.currency_id")
    labour_rate = fields.Monetary(
        compute="_compute_labour_rate",
        store=True,
        precompute=True,
        readonly=False,
        groups=MONEY_GROUPS,
    )
    # The job's money, before taxes: for a customer-pay job its lines on the customer's
    # sale order (or their invoice lines once invoiced); for the other pay types, the
    # same lines priced in memory (see _compute_amounts). Computed when shown, not stored:
    # the money is stored once, on the sale order and its invoices (reports read those).
    labour_amount = fields.Monetary(
        compute="_compute_amounts",
        groups=MONEY_GROUPS,
        help="Labour of the job before taxes, as the customer's sale order prices it "
        "(pricelist, discount); warranty, internal and goodwill jobs are valued the same "
        "way although nobody bills them to the customer.",
    )
    parts_amount = fields.Monetary(
        compute="_compute_amounts",
        groups=MONEY_GROUPS,
        help="Parts of the job before taxes, as the customer's sale order prices them "
        "(pricelist, unit of measure, discount); warranty, internal and goodwill parts "
        "are valued the same way although nobody bills them to the customer.",
    )
    pay_type = fields.Selection(PAY_TYPES, required=True, default="customer")
    technician_ids = fields.Many2many(
        "hr.employee", string="Technicians", check_company=True, copy=False
    )
    state = fields.Selection(
        [
            ("to_approve", "Awaiting Approval"),
            ("todo", "To Dispatch"),
            ("dispatched", "Dispatched"),
            ("in_progress", "In Progress"),
            ("paused", "Paused"),
            ("done", "Done"),
            ("cancelled", "Declined"),
        ],
        string="Status",
        default="todo",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        kia_workflow=True,
    )
    is_additional = fields.Boolean(
        string="Additional Work",
        readonly=True,
        copy=False,
        kia_workflow=True,
        help="Found during the repair: needs the customer's approval before it starts.",
    )
    approval_id = fields.Many2one(
        "kia.work.order.approval",
        string="Approved By",
        readonly=True,
        copy=False,
        kia_workflow=True,
        help="The customer's approval that covers the job as it is now (its hours, rate "
        "and parts); empty while a change awaits the customer's approval.",
    )
    move_ids = fields.One2many("stock.move", "kia_job_line_id", string="Parts")
    parts_summary = fields.Text(
        string="Parts to Fit",
        compute="_compute_parts_summary",
        compute_sudo=True,
        help="The parts of the job and their quantities, without prices.",
    )
    time_log_ids = fields.One2many("kia.job.time.log", "job_line_id", string="Time Logs")
    rework_count = fields.Integer(
        string="Reworks",
        readonly=True,
        copy=False,
        kia_workflow=True,
        help="Times the quality check sent it back.",
    )
    dispatch_date = fields.Datetime(readonly=True, copy=False, kia_workflow=True)
    dispatched_by_id = fields.Many2one("res.users", readonly=True, copy=False, kia_workflow=True)
    done_date = fields.Datetime(string="Finished On", readonly=True, copy=False, kia_workflow=True)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Quotation Line", readonly=True, copy=False, kia_workflow=True
    )
    is_first_free_service = fields.Boolean(
        related="labour_operation_id.is_first_free_service", store=True, precompute=True
    )
    campaign_line_id = fields.Many2one(
        "kia.service.campaign.vehicle", string="Campaign / Recall", check_company=True
    )

    _sql_constraints = [
        (
            "flagged_hours_positive",
            "CHECK (flagged_hours >= 0)",
            "Flagged hours cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("labour_operation_id")
    def _compute_flagged_hours(self):
        for line in self:
            line.flagged_hours = line.labour_operation_id.flagged_hours

    @api.depends("labour_operation_id", "repair_id.company_id")
    def _compute_labour_rate(self):
        for line in self:
            operation = line.labour_operation_id
            company = line.repair_id.company_id or self.env.company
            line.labour_rate = (
                operation._kia_rate(company) if operation else company.kia_labour_rate
            )

    @api.depends("move_ids.product_id", "move_ids.product_uom_qty", "move_ids.state")
    def _compute_parts_summary(self):
        for line in self:
            line.parts_summary = "\n".join(
                f"{move.product_uom_qty:g} x {move.product_id.display_name}"
                for move in line.move_ids
                if move.state != "cancel" and move.repair_line_type == "add"
            )

    @api.depends("time_log_ids.duration")
    def _compute_clocked_hours(self):
        for line in self:
            line.clocked_hours = sum(line.time_log_ids.mapped("duration"))

    @api.depends("time_log_ids.cost")
    def _compute_labour_cost(self):
        for line in self:
            line.labour_cost = sum(line.time_log_ids.mapped("cost"))

    @api.depends(
        "state",
        "pay_type",
        "flagged_hours",
        "labour_rate",
        "labour_operation_id",
        "repair_id.partner_id",
        "repair_id.sale_order_id.pricelist_id",
        "repair_id.sale_order_id.fiscal_position_id",
        "sale_line_id.state",
        "sale_line_id.price_subtotal",
        "sale_line_id.untaxed_amount_invoiced",
        "sale_line_id.product_uom_qty",
        "sale_line_id.qty_invoiced",
        "sale_line_id.invoice_lines.quantity",
        "sale_line_id.invoice_lines.parent_state",
        "move_ids.state",
        "move_ids.repair_line_type",
        "move_ids.product_id",
        "move_ids.product_uom",
        "move_ids.product_uom_qty",
        "move_ids.quantity",
        "move_ids.sale_line_id.state",
        "move_ids.sale_line_id.price_subtotal",
        "move_ids.sale_line_id.untaxed_amount_invoiced",
        "move_ids.sale_line_id.product_uom_qty",
        "move_ids.sale_line_id.qty_invoiced",
        "move_ids.sale_line_id.invoice_lines.quantity",
        "move_ids.sale_line_id.invoice_lines.parent_state",
    )
    def _compute_amounts(self):
        """One source for the money: the customer's sale order. A customer-pay job is
        worth its labour line and the lines of its parts on the work order's quotation,
        or what their posted invoice lines say once invoiced (``sale.order.line.
        _kia_charged_amounts``): pricelist, units of measure and discounts included,
        before taxes. Warranty, internal and goodwill jobs are not on the customer's
        quotation; they are valued by the same engine, as that quotation would price
        them (``_kia_price_in_memory``), so that changing who pays does not change what
        the work is worth. A declined job is worth nothing."""
        SaleLine = self.env["sale.order.line"]
        for repair, jobs in self.grouped("repair_id").items():
            # (job, amount field, sale order line values) for what no real line prices.
            to_price = []
            for job in jobs:
                job.labour_amount = job.parts_amount = 0.0
                if job.state == "cancelled":
                    continue
                customer = job.pay_type == "customer"
                if customer and job.sale_line_id:
                    job.labour_amount = job.sale_line_id._kia_charged_amounts()[job.sale_line_id][0]
                else:
                    to_price.append((job, "labour_amount", job._kia_sale_line_values(True, True)))
                parts = job.move_ids.filtered(
                    lambda m: m.repair_line_type == "add" and m.state != "cancel"
                )
                quoted = parts.filtered("sale_line_id") if customer else parts.browse()
                job.parts_amount = sum(
                    amount for amount, _total in quoted.sale_line_id._kia_charged_amounts().values()
                )
                to_price += [
                    (
                        job,
                        "parts_amount",
                        {
                            "product_id": move.product_id.id,
                            "product_uom": move.product_uom.id,
                            "product_uom_qty": move.quantity
                            if move.state == "done"
                            else move.product_uom_qty,
                        },
                    )
                    for move in parts - quoted
                ]
            if to_price:
                amounts = SaleLine._kia_price_in_memory(
                    repair, [values for _job, _field, values in to_price]
                )
                for (job, field, _values), amount in zip(to_price, amounts, strict=True):
                    job[field] += amount

    # ------------------------------------------------------------------ constraints

    @api.constrains("technician_ids", "labour_operation_id")
    def _check_technicians_authorised(self):
        """On-duty authorisation (上岗要求): every technician of a job must hold the
        certifications its labour operation and his job position require, today.
        One check per labour operation, whatever the number of jobs."""
        for operation, lines in (
            self.filtered("technician_ids").grouped("labour_operation_id").items()
        ):
            lines.technician_ids._kia_check_authorised(
                operation.requirement_ids,
                work_name=operation.display_name
                if operation
                else ", ".join(lines.mapped("concern")),
            )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        repairs = self.env["repair.order"].browse(
            [vals["repair_id"] for vals in vals_list if vals.get("repair_id")]
        )
        repairs._kia_check_editable()
        closed = repairs.filtered(lambda r: r.state in ("done", "cancel"))
        if closed:
            raise UserError(
                self.env._(
                    "Work order %s is closed (repaired or cancelled): open a new work order "
                    "for further work.",
                    closed[0].name,
                )
            )
        if not self.env.su and any(vals.get("technician_ids") for vals in vals_list):
            self._kia_check_write_allowed({"technician_ids": True})
        lines = super().create(vals_list)
        # Found during the repair: the customer approves it before it starts.
        lines.filtered(
            lambda line: line.repair_id.state in ("confirmed", "under_repair")
        ).sudo().write({"is_additional": True, "state": "to_approve"})
        lines.filtered("technician_ids")._kia_mark_dispatched()
        lines._kia_sync_sale_lines()
        additional = lines.filtered("is_additional")
        if additional:
            additional.repair_id._kia_notify_additional_work()
        return lines

    def write(self, vals):
        self._kia_check_write_allowed(vals)
        repriced = self._kia_repriced(vals)
        res = super().write(vals)
        repriced._kia_await_new_approval()
        if "technician_ids" in vals:
            self.filtered("technician_ids")._kia_mark_dispatched()
        if {"pay_type", "flagged_hours", "labour_rate", "labour_operation_id", "concern"} & set(
            vals
        ):
            self._kia_sync_sale_lines()
        if "pay_type" in vals:
            self.move_ids._kia_sync_pay_type()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        """A job worked on, approved or declined by the customer, or judged by a quality
        check is part of the record (the approval and the check name it): it is
        cancelled, not deleted."""
        if self.filtered(lambda line: line.time_log_ids or line.state in ("in_progress", "done")):
            raise UserError(
                self.env._("A job that was worked on cannot be deleted: decline it instead.")
            )
        approvals = (
            self.env["kia.work.order.approval"]
            .sudo()
            .search_count(
                [
                    "|",
                    ("job_line_ids", "in", self.ids),
                    ("declined_job_line_ids", "in", self.ids),
                ],
                limit=1,
            )
        )
        checked = (
            self.env["kia.quality.check"]
            .sudo()
            .search_count([("failed_job_line_ids", "in", self.ids)], limit=1)
        )
        if approvals or checked or self.filtered("approval_id"):
            raise UserError(
                self.env._(
                    "A job the customer approved or declined, or a quality check sent back, "
                    "is part of the work order's record: cancel it instead of deleting it."
                )
            )
        self.repair_id._kia_check_editable()

    def unlink(self):
        # The job's labour leaves the quotation; on a confirmed order the line is emptied
        # (a confirmed sale line cannot be deleted).
        lines = self.sudo().sale_line_id
        lines.filtered(lambda sol: sol.order_id.state == "draft").unlink()
        lines.exists().write({"product_uom_qty": 0.0})
        return super().unlink()

    def _kia_check_write_allowed(self, vals):
        self.repair_id._kia_check_editable(vals=vals)
        if self.env.su:
            return
        self._kia_check_workflow_vals(vals)
        user = self.env.user
        if "technician_ids" in vals and not user.has_group("kia_aftersales.group_foreman"):
            raise UserError(self.env._("Only the workshop foreman dispatches jobs to technicians."))
        if not (
            user.has_group("kia_aftersales.group_advisor")
            or user.has_group("kia_aftersales.group_foreman")
        ) and not TECHNICIAN_FIELDS.issuperset(vals):
            raise UserError(
                self.env._(
                    "A technician records the cause and the correction of his jobs; ask the "
                    "service advisor or the foreman to change anything else."
                )
            )

    def _kia_workflow_error(self, names):
        return self.env._(
            "The status of a job changes through its buttons: dispatch, clock on/off, "
            "finish, quality check (refused: %(fields)s).",
            fields=", ".join(
                sorted(self._fields[name]._description_string(self.env) for name in names)
            ),
        )

    def _kia_repriced(self, vals):
        """The approved jobs whose price ``vals`` changes: hours, labour rate, operation,
        or a pay type that makes the customer pay."""
        if not PRICE_FIELDS & set(vals):
            return self.browse()
        jobs = self.filtered(lambda job: job.approval_id and job.state != "cancelled")
        if not jobs:
            return jobs
        operation = self.env["kia.labour.operation"].browse(vals.get("labour_operation_id"))

        def changed(job):
            return (
                ("labour_operation_id" in vals and job.labour_operation_id != operation)
                or (
                    "flagged_hours" in vals
                    and float_compare(vals["flagged_hours"] or 0.0, job.flagged_hours, 2)
                )
                or (
                    "labour_rate" in vals
                    and job.currency_id.compare_amounts(
                        vals["labour_rate"] or 0.0, job.sudo().labour_rate
                    )
                )
                or (vals.get("pay_type") == "customer" and job.pay_type != "customer")
            )

        return jobs.filtered(changed)

    def _kia_await_new_approval(self):
        """A change of what the customer approved (item 16): the job loses its approval
        and, on an approved order, waits for the customer's approval of the change
        before more work is done on it (a finished job keeps its status, but the order
        is not completed before the approval)."""
        if not self:
            return
        self.sudo().write({"approval_id": False})
        confirmed = self.filtered(lambda job: job.repair_id.state in ("confirmed", "under_repair"))
        confirmed.filtered(lambda job: job.state != "done").sudo().write({"state": "to_approve"})
        if confirmed:
            confirmed.repair_id._kia_notify_additional_work()

    # ------------------------------------------------------------------ actions

    def action_cancel(self):
        """Advisor: the customer no longer wants a job that was not started. It stays on
        the work order (its approval names it), declined, off the quotation; its parts
        are cancelled."""
        if not self.env.user.has_group("kia_aftersales.group_advisor"):
            raise UserError(self.env._("Only a service advisor cancels a job of the customer's."))
        self.check_access("write")
        started = self.filtered(
            lambda line: line.time_log_ids or line.state not in ("to_approve", "todo", "dispatched")
        )
        if started:
            raise UserError(
                self.env._(
                    "Job %(job)s was started or closed: it cannot be cancelled.",
                    job=started[0].concern,
                )
            )
        self.repair_id._kia_check_editable()
        self.sudo().write({"state": "cancelled"})
        self._kia_sync_sale_lines()
        self.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))._action_cancel()
        return True

    def action_dispatch(self, technicians):
        """Foreman (派工): give the jobs to ``technicians`` (hr.employee), after checking
        they are authorised for each job's operation right now."""
        if not technicians:
            raise UserError(self.env._("Choose the technician(s) to dispatch the job to."))
        closed = self.filtered(lambda line: line.state in ("done", "cancelled"))
        if closed:
            raise UserError(
                self.env._(
                    "Job %(job)s is %(state)s: it cannot be dispatched again.",
                    job=closed[0].concern,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        closed[0].state
                    ],
                )
            )
        self.write({"technician_ids": [Command.set(technicians.ids)]})
        return True

    def _kia_mark_dispatched(self):
        lines = self.sudo()
        lines.filtered(lambda line: line.state == "todo").write({"state": "dispatched"})
        lines.write({"dispatch_date": fields.Datetime.now(), "dispatched_by_id": self.env.uid})

    def _kia_current_employee(self):
        employee = self.env.user.employee_id
        if not employee:
            raise UserError(
                self.env._("Your user is not linked to an employee: ask HR to link it.")
            )
        return employee

    def action_clock_on(self):
        employee = self._kia_current_employee()
        for line in self:
            line._kia_check_can_start(employee)
        employee._kia_lock_clocking()
        open_logs = (
            self.env["kia.job.time.log"]
            .sudo()
            .search([("employee_id", "=", employee.id), ("date_stop", "=", False)])
        )
        if open_logs:
            raise UserError(
                self.env._(
                    "You are clocked on %(job)s (%(order)s): clock off before starting "
                    "another job.",
                    job=open_logs[0].job_line_id.concern,
                    order=open_logs[0].job_line_id.repair_id.name,
                )
            )
        # A technician works on one job at a time.
        line = self[:1]
        self.env["kia.job.time.log"].sudo().create(
            {
                "job_line_id": line.id,
                "employee_id": employee.id,
                "date_start": fields.Datetime.now(),
            }
        )
        line.sudo().write({"state": "in_progress"})
        line.repair_id.sudo().filtered(lambda r: r.state == "confirmed").action_repair_start()
        return True

    def _kia_check_can_start(self, employee):
        self.ensure_one()
        if self.state == "to_approve":
            raise UserError(
                self.env._(
                    "Additional work %(job)s has not been approved by the customer yet: it "
                    "cannot start. Ask the service advisor to record the approval.",
                    job=self.concern,
                )
            )
        if self.state in ("done", "cancelled", "todo"):
            raise UserError(
                self.env._(
                    "Job %(job)s is not dispatched to be worked on (status: %(state)s).",
                    job=self.concern,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
        if self.repair_id.state not in ("confirmed", "under_repair"):
            raise UserError(
                self.env._(
                    "Work order %(order)s is not approved by the customer yet: no job can start.",
                    order=self.repair_id.name,
                )
            )
        if employee not in self.technician_ids:
            raise UserError(
                self.env._(
                    "Job %(job)s is dispatched to %(technicians)s, not to you: ask the "
                    "foreman to dispatch it to you.",
                    job=self.concern,
                    technicians=", ".join(self.technician_ids.mapped("name")),
                )
            )
        # Certifications may have expired since the dispatch.
        employee._kia_check_authorised(
            self.labour_operation_id.requirement_ids,
            work_name=self.labour_operation_id.display_name or self.concern,
        )

    def action_clock_off(self):
        employee = self._kia_current_employee()
        logs = self.time_log_ids.filtered(
            lambda log: log.employee_id == employee and not log.date_stop
        )
        if not logs:
            raise UserError(self.env._("You are not clocked on this job."))
        logs.sudo().write({"date_stop": fields.Datetime.now()})
        # A job whose change awaits the customer's approval keeps waiting.
        self.filtered(
            lambda line: (
                line.state != "to_approve"
                and not line.time_log_ids.filtered(lambda log: not log.date_stop)
            )
        ).sudo().write({"state": "paused"})
        return True

    def action_finish(self):
        """The technician has finished the job: clock off everyone, mark it done."""
        employee = self._kia_current_employee()
        for line in self:
            if employee not in line.technician_ids and not self.env.user.has_group(
                "kia_aftersales.group_foreman"
            ):
                raise UserError(
                    self.env._("Only the technicians of a job (or the foreman) can finish it.")
                )
            if line.state not in ("in_progress", "paused"):
                raise UserError(
                    self.env._(
                        "Job %(job)s was not started: clock on before finishing it.",
                        job=line.concern,
                    )
                )
            if not (line.correction or "").strip():
                raise UserError(
                    self.env._(
                        "Describe the correction of job %(job)s before finishing it.",
                        job=line.concern,
                    )
                )
        self.time_log_ids.filtered(lambda log: not log.date_stop).sudo().write(
            {"date_stop": fields.Datetime.now()}
        )
        self.sudo().write({"state": "done", "done_date": fields.Datetime.now()})
        return True

    def _kia_send_back_for_rework(self):
        for line in self.sudo():
            line.write(
                {"state": "dispatched", "rework_count": line.rework_count + 1, "done_date": False}
            )

    # ------------------------------------------------------------------ quotation

    def _kia_sync_sale_lines(self):
        """Keep the labour of customer-pay jobs on the work order's quotation: one line per
        job (product of the labour operation, flagged hours at the labour rate; the
        pricelist's discount and the taxes are the sale order's). Jobs of other pay types
        are not billed to the customer: their draft line goes, a confirmed one is
        emptied."""
        sale_lines = self.env["sale.order.line"].sudo()
        to_create = []
        for line in self.sudo():
            order = line.repair_id.sale_order_id
            billable = line.pay_type == "customer" and line.state != "cancelled"
            if line.sale_line_id:
                if line.sale_line_id.order_id.state == "draft" and not billable:
                    line.sale_line_id.unlink()
                else:
                    line.sale_line_id.write(line._kia_sale_line_values(billable))
                continue
            if not order or not billable or order.state == "cancel":
                continue
            values = line._kia_sale_line_values(billable, with_product=True)
            if not values["product_id"]:
                raise UserError(
                    self.env._(
                        "Set a labour product in the After-Sales settings (or on the labour "
                        "operation) to quote labour."
                    )
                )
            to_create.append({"order_id": order.id, "kia_job_line_id": line.id} | values)
        for sale_line in sale_lines.create(to_create):
            sale_line.kia_job_line_id.sale_line_id = sale_line

    def _kia_sale_line_values(self, billable, with_product=False):
        """The job's labour line on the customer's sale order (also used to value the jobs
        the customer does not pay, in memory). The labour rate is the price of an hour,
        set on the line as a price, like a price typed on a quotation; Odoo applies the
        pricelist's percentage discount to it when discounts are enabled."""
        self.ensure_one()
        operation = self.labour_operation_id
        rate = self.sudo().labour_rate
        values = {
            "name": f"{operation.display_name}\n{self.concern}" if operation else self.concern,
            "product_uom_qty": self.flagged_hours if billable else 0.0,
            "price_unit": rate,
            "technical_price_unit": rate,
        }
        if with_product:
            company = self.repair_id.company_id or self.env.company
            product = (
                operation._kia_product(company) if operation else company._kia_labour_product()
            )
            values["product_id"] = product.id
        return values
