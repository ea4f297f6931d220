from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class KiaServiceFollowup(models.Model):
    """The follow-up call (回访) after a delivery: satisfaction (CSI) and remarks; a bad
    result can open a complaint.

    Its status, contact time and complaint are written by its buttons only; once the
    answer is recorded (or the customer was unreachable) the follow-up is the record of
    the call that the CSI reports count (``kia.workflow.mixin``, append-only)."""

    _name = "kia.service.followup"
    _description = "Service Follow-up"
    _inherit = [
        "kia.work.order.document",
        "mail.thread",
        "mail.activity.mixin",
        "kia.workflow.mixin",
    ]
    _order = "scheduled_date desc, id desc"
    _kia_append_only = True

    partner_id = fields.Many2one(related="repair_id.partner_id", store=True, string="Customer")
    vehicle_id = fields.Many2one(related="repair_id.kia_vehicle_id", store=True, string="Vehicle")
    advisor_id = fields.Many2one(related="repair_id.user_id", store=True, string="Advisor")
    user_id = fields.Many2one("res.users", string="Caller", check_company=True)
    scheduled_date = fields.Date(required=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("unreachable", "Unreachable"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        tracking=True,
        kia_workflow=True,
    )
    contact_date = fields.Datetime(readonly=True, kia_workflow=True)
    satisfaction = fields.Selection(
        [
            ("1", "Very Dissatisfied"),
            ("2", "Dissatisfied"),
            ("3", "Neutral"),
            ("4", "Satisfied"),
            ("5", "Very Satisfied"),
        ],
        tracking=True,
    )
    csi_score = fields.Float(
        string="CSI",
        compute="_compute_csi_score",
        store=True,
        aggregator="avg",
        help="Satisfaction on a 0-100 scale (1 = 0, 5 = 100).",
    )
    remarks = fields.Text()
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", readonly=True, kia_workflow=True
    )

    @api.depends("satisfaction")
    def _compute_csi_score(self):
        for followup in self:
            followup.csi_score = (
                (int(followup.satisfaction) - 1) * 25.0 if followup.satisfaction else 0.0
            )

    def _kia_evidence(self):
        return self.filtered(lambda followup: followup.state != "planned")

    def _kia_workflow_error(self, names):
        return _(
            "The status of a follow-up changes through its buttons: Record Answer, "
            "Unreachable, Open Complaint."
        )

    def _kia_check_planned(self):
        called = self.filtered(lambda followup: followup.state != "planned")
        if called:
            raise UserError(
                _(
                    "The follow-up of %s was already made: its result is kept.",
                    called[0].repair_id.name,
                )
            )

    @api.model
    def _kia_schedule(self, repairs):
        """Plan the follow-up of delivered ``repairs`` N days later (company setting),
        with an activity for the caller."""
        activity_type = self.env.ref("kia_aftersales.mail_activity_type_followup_call")
        followups = self.create(
            [
                {
                    "repair_id": repair.id,
                    "scheduled_date": fields.Date.context_today(self)
                    + relativedelta(days=repair.company_id.kia_followup_days),
                    "user_id": (repair.company_id.kia_followup_user_id or repair.user_id).id,
                }
                for repair in repairs
            ]
        )
        for followup in followups.filtered("user_id"):
            followup.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=followup.scheduled_date,
                user_id=followup.user_id.id,
                summary=_("Follow-up call: %s", followup.repair_id.display_name),
            )
        return followups

    def action_record(self, satisfaction, remarks=False):
        """Record the customer's answer."""
        if satisfaction not in dict(self._fields["satisfaction"].selection):
            raise UserError(_("Record the customer's satisfaction (1 to 5)."))
        self._kia_check_planned()
        self._kia_flow_write(
            {
                "state": "done",
                "satisfaction": satisfaction,
                "remarks": remarks,
                "contact_date": fields.Datetime.now(),
            }
        )
        self.activity_feedback(["kia_aftersales.mail_activity_type_followup_call"])
        return True

    def action_done(self):
        for followup in self:
            followup.action_record(followup.satisfaction, followup.remarks)
        return True

    def action_unreachable(self):
        self._kia_check_planned()
        self._kia_flow_write({"state": "unreachable", "contact_date": fields.Datetime.now()})
        self.activity_feedback(
            ["kia_aftersales.mail_activity_type_followup_call"], feedback=_("Customer unreachable.")
        )
        return True

    def action_open_complaint(self):
        """Open a complaint (客户投诉) from a bad follow-up result."""
        self.ensure_one()
        if self.ticket_id:
            raise UserError(_("A complaint is already open for this follow-up."))
        ticket = self.env["helpdesk.ticket"].create(self._kia_complaint_values())
        self._kia_flow_write({"ticket_id": ticket.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
        }

    def _kia_complaint_values(self):
        """Values of the complaint ticket; the complaint modules extend them."""
        self.ensure_one()
        return {
            "name": _(
                "Complaint after %(order)s (%(plate)s)",
                order=self.repair_id.name,
                plate=self.vehicle_id.license_plate or "",
            ),
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "description": self.remarks or _("Dissatisfied at the follow-up call."),
        }
