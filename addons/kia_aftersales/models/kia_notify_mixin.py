from odoo import models


class KiaNotifyMixin(models.AbstractModel):
    """Tell the customer of a document (``partner_id``) by email and SMS at a step of the
    flow, with the templates of that step in the document's company settings
    (``res.company.kia_mail_template_<step>_id`` / ``kia_sms_template_<step>_id``): the
    dealer edits the shipped templates (Settings > Technical > Email / SMS Templates) or
    chooses other ones per company, or empties a step to send nothing of that kind."""

    _name = "kia.notify.mixin"
    _description = "Customer Notifications"

    def _kia_notify(self, step):
        """Send the step's email and SMS to the customers of ``self``."""
        if self.env.context.get("kia_skip_notify"):  # data imports, demo data
            return
        mail_field = f"kia_mail_template_{step}_id"
        sms_field = f"kia_sms_template_{step}_id"
        for company, records in self.filtered("partner_id").grouped("company_id").items():
            company = company or self.env.company
            mail_template = company.sudo()[mail_field]
            sms_template = company.sudo()[sms_field]
            for record in records:
                if mail_template and record.partner_id.email:
                    record._kia_post_template(mail_template)
                if sms_template and (record.partner_id.mobile or record.partner_id.phone):
                    # Queued: the SMS gateway is called by its scheduled action, not here.
                    record._message_sms_with_template(
                        template=sms_template,
                        partner_ids=record.partner_id.ids,
                        put_in_queue=True,
                    )

    def _kia_post_template(self, template):
        """Post ``template`` on the record (chatter and email). A template with reports
        (the estimate's PDF) is posted at once and its email queued: the outgoing mail
        queue renders and attaches the reports (``mail.mail._kia_attach_reports``) within
        seconds, in the cron worker, instead of the user's request waiting for
        wkhtmltopdf (about 1.5 s a PDF)."""
        self.ensure_one()
        if not template.report_template_ids:
            return self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        messages = self.with_context(
            kia_defer_reports=True, mail_notify_force_send=False
        ).message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)])
        mails.kia_report_template_id = template
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return messages
