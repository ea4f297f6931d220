import logging

from odoo import fields, models, tools

_logger = logging.getLogger(__name__)


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _generate_template_attachments(self, res_ids, render_fields, render_results=None):
        """A notification posted with ``kia_defer_reports`` leaves the template's reports
        to the outgoing mail queue (see ``mail.mail._kia_attach_reports``)."""
        if self.env.context.get("kia_defer_reports") and "report_template_ids" in render_fields:
            render_fields = [name for name in render_fields if name != "report_template_ids"]
        return super()._generate_template_attachments(
            res_ids, render_fields, render_results=render_results
        )


class MailMail(models.Model):
    _inherit = "mail.mail"

    kia_report_template_id = fields.Many2one(
        "mail.template",
        string="Reports to Attach",
        readonly=True,
        help="The template whose reports (e.g. the estimate's PDF) are rendered and attached "
        "when the outgoing mail queue sends this email, not while the user waits.",
    )

    def send(self, auto_commit=False, raise_exception=False, post_send_callback=None):
        failed = self._kia_attach_reports()
        return super(MailMail, self - failed).send(
            auto_commit=auto_commit,
            raise_exception=raise_exception,
            post_send_callback=post_send_callback,
        )

    def _kia_attach_reports(self):
        """Render the reports of the mails' templates for their documents and attach them
        to the message (its chatter shows them) and so to the email. A report that cannot
        be rendered fails its email (state *exception*, with the reason), as a mail server
        would; the others go. Returns the failed mails."""
        failed = self.browse()
        for mail in self.filtered(lambda rec: rec.kia_report_template_id and rec.res_id):
            template = mail.kia_report_template_id.sudo()
            try:
                with self.env.cr.savepoint():
                    rendered = template._generate_template_attachments(
                        [mail.res_id], ["report_template_ids"]
                    )
                    attachments = (
                        self.env["ir.attachment"]
                        .sudo()
                        .create(
                            [
                                {
                                    "name": name,
                                    "datas": content,
                                    "res_model": mail.model,
                                    "res_id": mail.res_id,
                                }
                                for name, content in rendered[mail.res_id].get("attachments", [])
                            ]
                        )
                    )
                    mail.sudo().write(
                        {
                            "attachment_ids": [fields.Command.link(a.id) for a in attachments],
                            "kia_report_template_id": False,
                        }
                    )
            except Exception as error:  # noqa: BLE001 - any rendering failure fails the mail
                _logger.warning("Mail %s: its reports were not rendered: %s", mail.id, error)
                reason = self.env._(
                    "The attached report could not be rendered: %s",
                    tools.exception_to_unicode(error),
                )
                mail.sudo().write(
                    {
                        "state": "exception",
                        "failure_reason": reason,
                        "kia_report_template_id": False,
                    }
                )
                mail._postprocess_sent_message(
                    success_pids=[], failure_reason=reason, failure_type="unknown"
                )
                failed |= mail
        return failed
