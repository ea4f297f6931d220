from odoo import models


class KiaNotifyMixin(models.AbstractModel):
    """Tell the customer of a document (``partner_id``) by email and SMS, with templates
    the dealer edits in Settings > Technical."""

    _name = "kia.notify.mixin"
    _description = "Customer Notifications"

    def _kia_notify(self, mail_template_xmlid, sms_template_xmlid):
        if self.env.context.get("kia_skip_notify"):  # data imports, demo data
            return
        mail_template = self.env.ref(mail_template_xmlid, raise_if_not_found=False)
        sms_template = self.env.ref(sms_template_xmlid, raise_if_not_found=False)
        for record in self.filtered("partner_id"):
            if mail_template and record.partner_id.email:
                record.message_post_with_source(mail_template, subtype_xmlid="mail.mt_comment")
            if sms_template and (record.partner_id.mobile or record.partner_id.phone):
                # Queued: the SMS gateway is called by its scheduled action, not here.
                record._message_sms_with_template(
                    template=sms_template, partner_ids=record.partner_id.ids, put_in_queue=True
                )
