import email
import importlib.util
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import KiaAftersalesCase


@tagged("post_install", "-at_install")
class TestCustomerMessages(KiaAftersalesCase, MockSmtplibCase):
    """Each step of the flow sends the email and SMS templates of its company's settings:
    the shipped ones by default, edited or replaced by the dealer, none when emptied."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["resource.resource"].search([("kia_is_bay", "=", True)]).kia_is_bay = False
        cls.env["resource.resource"].create(
            {"name": "Bay 1", "resource_type": "material", "kia_is_bay": True}
        )
        cls.slot = (fields.Datetime.now() + timedelta(days=40)).replace(
            hour=1, minute=0, second=0, microsecond=0
        )

    def _book(self):
        appointment = (
            self.env["kia.appointment"]
            .with_user(self.user_advisor)
            .create(
                {
                    "partner_id": self.customer.id,
                    "vehicle_id": self.vehicle.id,
                    "start": self.slot,
                    "duration": 1.0,
                }
            )
        )
        return appointment

    def _mails(self, record, subject):
        return record.message_ids.filtered(lambda m: subject in (m.subject or ""))

    def _sms(self, text):
        return (
            self.env["sms.sms"]
            .sudo()
            .search([("partner_id", "=", self.customer.id), ("body", "ilike", text)])
        )

    def test_each_step_sends_its_templates(self):
        appointment = self._book()
        appointment.action_confirm()
        self.assertEqual(
            len(self._mails(appointment, f"appointment {appointment.name} confirmed")), 1
        )
        self.assertEqual(len(self._sms(f"appointment {appointment.name} for")), 1)
        # Reminder (the company's delay).
        self.company.kia_appointment_reminder_hours = 24 * 41
        self.env["kia.appointment"]._cron_send_reminders()
        self.assertEqual(len(self._mails(appointment, "reminder of your appointment")), 1)
        self.assertEqual(len(self._sms("reminder, your service appointment")), 1)
        # Ready for pickup, once the quality check is passed.
        order = self._passed(jobs=[(self.op_brakes, "warranty")])
        self.assertEqual(len(self._mails(order, "is ready")), 1)
        self.assertEqual(len(self._sms("ready for pickup")), 1)
        # Follow-up: the CSI survey link.
        order._kia_deliver()
        order.kia_followup_ids.action_send_survey()
        self.assertEqual(len(self._mails(order.kia_followup_ids, "how was the service")), 1)
        self.assertEqual(len(self._sms("/survey/start/")), 1)

    def test_the_estimate_pdf_is_rendered_by_the_mail_queue(self):
        """Sending the estimate posts its message at once; the PDF (wkhtmltopdf, seconds)
        is rendered and attached when the outgoing mail queue sends the email, not in
        the advisor's request."""
        order = self._order()
        order.with_user(self.user_advisor).action_kia_send_estimate()
        [message] = self._mails(order, f"estimate {order.name}")
        self.assertFalse(message.attachment_ids, "no PDF while the advisor waits")
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.kia_report_template_id, self.company.kia_mail_template_estimate_id)
        # A client may not set or clear what the queue renders.
        with self.assertRaises(AccessError):
            mail.with_user(self.user_advisor).kia_report_template_id = False
        with self.mock_smtplib_connection():
            self.env["mail.mail"].process_email_queue(ids=mail.ids)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertIn(order.name, message.attachment_ids.name)
        self.assertEqual(
            (message.attachment_ids.res_model, message.attachment_ids.res_id),
            ("repair.order", order.id),
        )
        # The customer's email carries it.
        [sent] = self.emails
        self.assertEqual(sent["smtp_to_list"], ["li@example.com"])
        names = [part.get_filename() for part in email.message_from_string(sent["message"]).walk()]
        self.assertIn(message.attachment_ids.name, names)
        self.assertFalse(mail.exists(), "sent and deleted (auto-delete), message kept")
        # Other steps' templates have no report: their email goes the plain way.
        order._kia_record_approval("Customer Li", "phone")
        self.assertFalse(
            self.env["mail.mail"].search([("kia_report_template_id", "!=", False)]),
        )

    def test_a_report_that_fails_fails_its_email(self):
        order = self._order()
        order.action_kia_send_estimate()
        [message] = self._mails(order, f"estimate {order.name}")
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        # The estimate's report broken by a customisation: the email is not sent without it.
        self.env.ref("kia_aftersales.action_report_estimate").report_name = "kia_aftersales.nope"
        with self.mock_smtplib_connection():
            self.env["mail.mail"].process_email_queue(ids=mail.ids)
        self.assertFalse(self.emails)
        self.assertEqual(mail.state, "exception")
        self.assertIn("could not be rendered", mail.failure_reason)
        self.assertFalse(message.attachment_ids)
        self.assertEqual(message.notification_ids.mapped("notification_status"), ["exception"])

    def test_the_dealer_edited_template_is_sent(self):
        # The shipped email edited by the dealer.
        self.company.kia_mail_template_appointment_confirmed_id.subject = (
            "See you soon: {{ object.name }}"
        )
        # Another SMS chosen in the settings.
        template = self.env["sms.template"].create(
            {
                "name": "Booked (short)",
                "model_id": self.env["ir.model"]._get_id("kia.appointment"),
                "body": "Booked: {{ object.name }}, Kia dealer",
            }
        )
        settings = self.env["res.config.settings"].create(
            {"kia_sms_template_appointment_confirmed_id": template.id}
        )
        settings.execute()
        self.assertEqual(self.company.kia_sms_template_appointment_confirmed_id, template)
        appointment = self._book()
        appointment.action_confirm()
        self.assertEqual(len(self._mails(appointment, f"See you soon: {appointment.name}")), 1)
        self.assertEqual(len(self._sms(f"Booked: {appointment.name}, Kia dealer")), 1)
        self.assertFalse(self._sms(f"appointment {appointment.name} for"), "not the shipped one")

    def test_a_step_without_template_sends_nothing(self):
        self.company.kia_mail_template_ready_id = False
        self.company.kia_sms_template_ready_id = False
        order = self._passed(jobs=[(self.op_brakes, "warranty")])
        self.assertEqual(order.state, "done")
        self.assertFalse(self._mails(order, "is ready"))
        self.assertFalse(self._sms("ready for pickup"))

    def test_templates_are_settings_of_each_company(self):
        shipped = self.env.ref("kia_aftersales.mail_template_ready")
        other = self.env["res.company"].create({"name": "Kia Pudong"})
        self.assertEqual(other.kia_mail_template_ready_id, shipped)
        self.assertEqual(
            other.kia_sms_template_followup_survey_id,
            self.env.ref("kia_aftersales.sms_template_followup_survey"),
        )
        self.assertEqual(other.kia_csi_survey_id, self.env.ref("kia_aftersales.survey_kia_csi"))
        other.kia_mail_template_ready_id = False
        self.assertEqual(self.company.kia_mail_template_ready_id, shipped)
        # A template of another document is refused.
        with self.assertRaisesRegex(ValidationError, "must be a template of repair.order"):
            self.company.kia_mail_template_ready_id = (
                self.company.kia_mail_template_appointment_confirmed_id
            )
        self.assertEqual(self.company.kia_mail_template_ready_id, shipped)
        # Only the settings' administrators choose them.
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_manager).write({"kia_sms_template_ready_id": False})
        self.assertTrue(self.company.kia_sms_template_ready_id)

    def test_migration_sets_the_defaults(self):
        """post-csi_survey of 18.0.1.2.0 on a database upgraded from an earlier release."""
        order = self._passed(jobs=[(self.op_brakes, "warranty")])
        order._kia_deliver()
        followup = order.kia_followup_ids
        followup.sudo().survey_id = False
        fields_ = self.company._kia_customer_message_fields()
        self.company.write(dict.fromkeys([*fields_, "kia_csi_survey_id"], False))
        self.env.flush_all()
        path = file_path("kia_aftersales/migrations/18.0.1.2.0/post-csi_survey.py")
        spec = importlib.util.spec_from_file_location("kia_aftersales_post_csi", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(
            self.company.kia_mail_template_ready_id,
            self.env.ref("kia_aftersales.mail_template_ready"),
        )
        self.assertTrue(all(self.company[name] for name in fields_))
        self.assertEqual(followup.survey_id, self.env.ref("kia_aftersales.survey_kia_csi"))
        self.env.cr.execute(
            "SELECT csi_score FROM kia_service_followup WHERE id = %s", followup.ids
        )
        self.assertIsNone(self.env.cr.fetchone()[0], "no answer: no CSI (averages skip it)")
