from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from .helpdesk_ticket_technical import check_dtc_codes


class KiaQualityReport(models.Model):
    """A quality information feedback report (质量信息反馈, seed 十一) to the
    manufacturer, written by the information coordinator from a technical case.

    Its state is owned by the workflow (``kia.workflow.mixin``): *Send* stamps who sent it
    and when; a sent report is a record of what the dealer told the manufacturer and can
    no longer be changed nor deleted (evidence)."""

    _name = "kia.quality.report"
    _description = "Quality Feedback Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _kia_initial_states = ("draft",)

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        kia_workflow=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Technical Case",
        index="btree_not_null",
        check_company=True,
        domain="[('kia_kind', '=', 'technical')]",
    )
    repair_id = fields.Many2one("repair.order", string="Work Order", check_company=True)
    vehicle_id = fields.Many2one("fleet.vehicle", check_company=True)
    vin = fields.Char(string="VIN")
    model_id = fields.Many2one("fleet.vehicle.model")
    sale_date = fields.Date(help="The vehicle's sale date (start of its warranty).")
    odometer = fields.Float(string="Odometer (km)")
    failure_date = fields.Date(default=fields.Date.context_today)
    symptoms = fields.Text(help="The failure as the customer and the workshop saw it.")
    dtc_codes = fields.Char(string="Trouble Codes")
    cause_analysis = fields.Text()
    measures = fields.Text(string="Measures Taken")
    parts = fields.Text(
        string="Parts Involved", help="Part numbers and quantities of the parts involved."
    )
    manufacturer_ref = fields.Char(string="Manufacturer Case")
    reporter_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, check_company=True
    )
    sent_date = fields.Datetime(readonly=True, copy=False, kia_workflow=True)
    sent_by_id = fields.Many2one("res.users", readonly=True, copy=False, kia_workflow=True)

    @api.constrains("ticket_id")
    def _check_ticket_id(self):
        # As the system: the author may not read the ticket he wrongly chose.
        for report in self.sudo().filtered("ticket_id"):
            if report.ticket_id.kia_kind != "technical":
                raise ValidationError(
                    self.env._(
                        "%(ticket)s is not a technical case: a quality feedback report is "
                        "written from a technical case.",
                        ticket=report.ticket_id.display_name,
                    )
                )

    @api.constrains("dtc_codes")
    def _check_dtc_codes(self):
        for report in self.filtered("dtc_codes"):
            check_dtc_codes(self.env, report.dtc_codes)

    @api.model_create_multi
    def create(self, vals_list):
        # The number comes from the company's sequence, whatever a client sends.
        for vals in vals_list:
            if vals.get("name", "/") == "/" or not self.env.su:
                company = self.env["res.company"].browse(vals.get("company_id"))
                sequence = self.env["ir.sequence"].with_company(company or self.env.company)
                vals["name"] = sequence.next_by_code("kia.quality.report") or "/"
        return super().create(vals_list)

    def _kia_evidence(self):
        return self.filtered(lambda report: report.state == "sent")

    def _kia_check_workflow_vals(self, vals, creating=False):
        if not creating and not self.env.su and self._kia_evidence():
            names = {key for key in vals if not key.startswith(("message_", "activity_", "__"))}
            if names:
                raise UserError(
                    self.env._(
                        "Quality feedback report %(name)s was sent to the manufacturer on "
                        "%(date)s: it can no longer be changed. Write a new report to "
                        "correct it.",
                        name=self._kia_evidence()[:1].name,
                        date=fields.Datetime.context_timestamp(
                            self, self._kia_evidence()[:1].sent_date
                        ),
                    )
                )
        return super()._kia_check_workflow_vals(vals, creating=creating)

    # ------------------------------------------------------------------ actions

    def action_send(self):
        """Mark the reports as sent to the manufacturer: they are locked from now on."""
        for report in self:
            if report.state != "draft":
                raise UserError(
                    self.env._(
                        "Quality feedback report %(name)s is already sent.", name=report.name
                    )
                )
            missing = [
                report._fields[name]._description_string(self.env)
                for name in ("vin", "failure_date", "symptoms")
                if not report[name]
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Quality feedback report %(name)s cannot be sent without: %(fields)s.",
                        name=report.name,
                        fields=", ".join(missing),
                    )
                )
        self._kia_flow_write(
            {"state": "sent", "sent_date": fields.Datetime.now(), "sent_by_id": self.env.uid}
        )
        return True

    def action_print(self):
        return self.env.ref("kia_aftersales.action_report_kia_quality_report").report_action(self)

    def action_export_xlsx(self):
        return self.env.ref("kia_aftersales.action_report_kia_quality_report_xlsx").report_action(
            self
        )

    # ------------------------------------------------------------------ helpers

    @api.model
    def _kia_values_from_case(self, case):
        """The report's values taken from technical case ``case`` and its job."""
        if case.kia_kind != "technical":
            raise UserError(
                self.env._("%(ticket)s is not a technical case.", ticket=case.display_name)
            )
        job = case.kia_job_line_id
        order = job.repair_id or case.kia_repair_ids[:1]
        vehicle = case.kia_vehicle_id
        answers = case.kia_answer_ids.sorted(lambda a: (a.answer_date, a.id))
        cause = "\n".join(filter(None, [job.cause] + [html2plaintext(a.answer) for a in answers]))
        measures = "\n".join(filter(None, [case.kia_tried, job.correction]))
        # The parts as the workshop fitted them (read as the system: the information
        # coordinator does not handle stock).
        moves = job.sudo().move_ids or order.sudo().move_ids.filtered(
            lambda m: m.repair_line_type == "add"
        )
        parts = "\n".join(
            f"{move.product_id.default_code or ''} {move.product_id.name} "
            f"× {move.product_uom_qty:g} {move.product_uom.name}".strip()
            for move in moves
            if move.state != "cancel"
        )
        failure = order.kia_checkin_date or case.create_date
        return {
            "company_id": case.company_id.id,
            "ticket_id": case.id,
            "repair_id": order.id,
            "vehicle_id": vehicle.id,
            "vin": case.kia_vin,
            "model_id": vehicle.model_id.id,
            "sale_date": vehicle.kia_sale_date,
            "odometer": case.kia_odometer,
            "failure_date": failure and fields.Date.context_today(self, failure),
            "symptoms": case.kia_symptoms,
            "dtc_codes": case.kia_dtc_codes,
            "cause_analysis": cause,
            "measures": measures,
            "parts": parts,
            "manufacturer_ref": case.kia_manufacturer_ref,
            "reporter_id": self.env.uid,
        }
