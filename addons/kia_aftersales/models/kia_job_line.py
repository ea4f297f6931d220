from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

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
# Fields only the actions (buttons) write.
WORK_FIELDS = {"state", "done_date", "rework_count"}


class KiaJobLine(models.Model):
    """A job of a work order (维修项目): the customer's concern, its cause and correction,
    the labour operation with its flat-rate hours, the pay type, the technicians and the
    parts (the repair's stock moves attached to the line)."""

    _name = "kia.job.line"
    _description = "Job Line"
    _inherit = ["kia.work.order.document"]
    _order = "repair_id, sequence, id"
    _rec_name = "concern"

    sequence = fields.Integer(default=10)
    vehicle_id = fields.Many2one(
        related="repair_id.kia_vehicle_id", store=True, string="Vehicle", index=True
    )
    repair_state = fields.Selection(related="repair_id.state", string="Work Order Status")
    concern = fields.Text(required=True, help="The customer's concern, in the customer's words.")
    cause = fields.Text(help="What the technician found.")
    correction = fields.Text(help="What was done to correct it.")
    labour_operation_id = fields.Many2one("kia.labour.operation", check_company=True, index=True)
    flagged_hours = fields.Float(
        compute="_compute_flagged_hours",
        store=True,
        readonly=False,
        digits=(16, 2),
        help="Flat-rate hours paid for the job (工时定额).",
    )
    clocked_hours = fields.Float(
        compute="_compute_clocked_hours",
        store=True,
        digits=(16, 2),
        help="Time the technicians actually clocked on the job.",
    )
    currency_id = fields.Many2one(related="repair_id.company_id.currency_id")
    labour_rate = fields.Monetary(
        compute="_compute_labour_rate", store=True, readonly=False, groups=MONEY_GROUPS
    )
    labour_amount = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        groups=MONEY_GROUPS,
    )
    parts_amount = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        groups=MONEY_GROUPS,
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
    )
    is_additional = fields.Boolean(
        string="Additional Work",
        readonly=True,
        copy=False,
        help="Found during the repair (追加维修项目): needs the customer's approval "
        "before it starts.",
    )
    approval_id = fields.Many2one(
        "kia.work.order.approval", string="Approved By", readonly=True, copy=False
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
        string="Reworks", readonly=True, copy=False, help="Times the quality check sent it back."
    )
    dispatch_date = fields.Datetime(readonly=True, copy=False)
    dispatched_by_id = fields.Many2one("res.users", readonly=True)
    done_date = fields.Datetime(string="Finished On", readonly=True, copy=False)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Quotation Line", readonly=True, copy=False
    )
    is_first_free_service = fields.Boolean(
        related="labour_operation_id.is_first_free_service", store=True
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

    @api.depends(
        "flagged_hours",
        "labour_rate",
        "move_ids.product_uom_qty",
        "move_ids.state",
        "move_ids.product_id",
    )
    def _compute_amounts(self):
        for line in self:
            line.labour_amount = line.flagged_hours * line.labour_rate
            line.parts_amount = sum(
                move.product_uom_qty * move.product_id.lst_price
                for move in line.move_ids
                if move.state != "cancel" and move.repair_line_type == "add"
            )

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
                _(
                    "Work order %s is closed (repaired or cancelled): open a new work order "
                    "for further work.",
                    closed[0].name,
                )
            )
        for vals in vals_list:
            repair = repairs.browse(vals.get("repair_id"))
            if repair.state in ("confirmed", "under_repair"):
                # Found during the repair: the customer approves it before it starts.
                vals["is_additional"] = True
                vals["state"] = "to_approve"
        if not self.env.su and any(vals.get("technician_ids") for vals in vals_list):
            self._kia_check_write_allowed({"technician_ids": True})
        lines = super().create(vals_list)
        lines.filtered("technician_ids")._kia_mark_dispatched()
        lines._kia_sync_sale_lines()
        additional = lines.filtered("is_additional")
        if additional:
            additional.repair_id._kia_notify_additional_work()
        return lines

    def write(self, vals):
        self._kia_check_write_allowed(vals)
        res = super().write(vals)
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
        if self.filtered(lambda line: line.time_log_ids or line.state in ("in_progress", "done")):
            raise UserError(_("A job that was worked on cannot be deleted: decline it instead."))
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
        if WORK_FIELDS & set(vals):
            raise UserError(
                _(
                    "The status of a job changes through its buttons: dispatch, clock on/off, "
                    "finish, quality check."
                )
            )
        user = self.env.user
        if "technician_ids" in vals and not user.has_group("kia_aftersales.group_foreman"):
            raise UserError(_("Only the workshop foreman dispatches jobs to technicians (派工)."))
        if not (
            user.has_group("kia_aftersales.group_advisor")
            or user.has_group("kia_aftersales.group_foreman")
        ) and not TECHNICIAN_FIELDS.issuperset(vals):
            raise UserError(
                _(
                    "A technician records the cause and the correction of his jobs; ask the "
                    "service advisor or the foreman to change anything else."
                )
            )

    # ------------------------------------------------------------------ actions

    def action_dispatch(self, technicians):
        """Foreman (派工): give the jobs to ``technicians`` (hr.employee), after checking
        they are authorised for each job's operation right now."""
        if not technicians:
            raise UserError(_("Choose the technician(s) to dispatch the job to."))
        closed = self.filtered(lambda line: line.state in ("done", "cancelled"))
        if closed:
            raise UserError(
                _(
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
            raise UserError(_("Your user is not linked to an employee: ask HR to link it."))
        return employee

    def action_clock_on(self):
        employee = self._kia_current_employee()
        for line in self:
            line._kia_check_can_start(employee)
        open_logs = (
            self.env["kia.job.time.log"]
            .sudo()
            .search([("employee_id", "=", employee.id), ("date_stop", "=", False)])
        )
        if open_logs:
            raise UserError(
                _(
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
                _(
                    "Additional work %(job)s has not been approved by the customer yet: it "
                    "cannot start. Ask the service advisor to record the approval.",
                    job=self.concern,
                )
            )
        if self.state in ("done", "cancelled", "todo"):
            raise UserError(
                _(
                    "Job %(job)s is not dispatched to be worked on (status: %(state)s).",
                    job=self.concern,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
        if self.repair_id.state not in ("confirmed", "under_repair"):
            raise UserError(
                _(
                    "Work order %(order)s is not approved by the customer yet: no job can start.",
                    order=self.repair_id.name,
                )
            )
        if employee not in self.technician_ids:
            raise UserError(
                _(
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
            raise UserError(_("You are not clocked on this job."))
        logs.sudo().write({"date_stop": fields.Datetime.now()})
        self.filtered(
            lambda line: not line.time_log_ids.filtered(lambda log: not log.date_stop)
        ).sudo().write({"state": "paused"})
        return True

    def action_finish(self):
        """The technician has finished the job: clock off everyone, mark it done."""
        employee = self._kia_current_employee()
        for line in self:
            if employee not in line.technician_ids and not self.env.user.has_group(
                "kia_aftersales.group_foreman"
            ):
                raise UserError(_("Only the technicians of a job (or the foreman) can finish it."))
            if line.state not in ("in_progress", "paused"):
                raise UserError(
                    _(
                        "Job %(job)s was not started: clock on before finishing it.",
                        job=line.concern,
                    )
                )
            if not (line.correction or "").strip():
                raise UserError(
                    _(
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
        job (product of the labour operation, flagged hours at the labour rate). Jobs of
        other pay types are not billed to the customer."""
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
            company = line.repair_id.company_id
            operation = line.labour_operation_id
            product = (
                operation._kia_product(company) if operation else company._kia_labour_product()
            )
            if not product:
                raise UserError(
                    _(
                        "Set a labour product in the After-Sales settings (or on the labour "
                        "operation) to quote labour."
                    )
                )
            to_create.append(
                {"order_id": order.id, "product_id": product.id, "kia_job_line_id": line.id}
                | line._kia_sale_line_values(billable)
            )
        for sale_line in sale_lines.create(to_create):
            sale_line.kia_job_line_id.sale_line_id = sale_line

    def _kia_sale_line_values(self, billable):
        self.ensure_one()
        operation = self.labour_operation_id
        return {
            "name": f"{operation.display_name}\n{self.concern}" if operation else self.concern,
            "product_uom_qty": self.flagged_hours if billable else 0.0,
            "price_unit": self.sudo().labour_rate,
            "technical_price_unit": self.sudo().labour_rate,
        }
