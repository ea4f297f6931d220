import base64
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

from odoo import api, models

# A 1×1 PNG: the customer's "photo".
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
MAILBOX = "aftersales@kia-pudong.example.com"
# What the customer-relations officer writes back (the demo's words, not the UI's).
ANSWER = "徐先生您好，召回作业约需1小时，免费。我们为您预约本周六上午10点，可以吗？"


class KiaMailboxDemo(models.AbstractModel):
    """Demo data only: a few days of the after-sales mailbox, each mail handed to Odoo's
    mail gateway (``message_process``) as the mail server would, and answered by the
    demo customer-relations officer."""

    _name = "kia.mailbox.demo"
    _description = "After-Sales Mailbox Demo Data"

    @api.model
    def _generate(self):
        env = self.env
        Message = env["mail.message"]
        if Message.search_count([("message_id", "=", self._message_id(1))]):
            return True  # already there (the demo runs again on module update)
        customer = env.ref("kia_aftersales.customer_01")
        if not customer.email:
            customer.email = "xu.haitao@example.com"
        other = env.ref("kia_aftersales.customer_02")
        if not other.email:
            other.email = "li.tao@example.com"
        officer = env.ref("kia_aftersales.user_customer_relations")
        # 1. A known customer asks about a recall, naming his plate.
        recall = self._receive(
            1,
            3,
            customer,
            "召回通知咨询 / Recall letter",
            "您好，我的车沪B·57931收到了召回通知，请问需要预约吗？大概要多久？\n徐海涛",
        )
        answer = recall.with_user(officer).message_post(
            body=ANSWER,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # 2. ... and answers in the same thread.
        self._receive(
            2,
            2,
            customer,
            "Re: 召回通知咨询 / Recall letter",
            "周六上午10点可以，谢谢。",
            reply_to=answer.message_id,
        )
        # 3. A sender the dealer does not know yet: her contact is created.
        self._receive(
            3,
            2,
            '"陈静" <chen.jing@example.cn>',
            "K3 两万公里保养价格",
            "请问起亚K3两万公里保养需要多少钱？周末可以做吗？",
        )
        # 4. A photo of a scratch after a car wash, sent as an attachment.
        self._receive(
            4,
            1,
            other,
            "洗车后发现划痕",
            "昨天在贵店洗车后发现左后门有划痕，照片见附件。车牌沪B41544。",
            attachments=[("scratch.png", PHOTO, "image", "png")],
        )
        return True

    @api.model
    def _message_id(self, number):
        return f"<kia-mailbox-demo-{number}@mail.example.cn>"

    @api.model
    def _receive(self, number, days_ago, sender, subject, body, reply_to=None, attachments=()):
        """Hand a mail to the gateway; returns the ticket it went to."""
        if not isinstance(sender, str):
            sender = sender.email_formatted
        message = EmailMessage()
        message["From"] = sender
        message["To"] = MAILBOX
        message["Subject"] = subject
        message["Date"] = format_datetime(
            datetime.now(timezone.utc) - timedelta(days=days_ago, hours=number)
        )
        message["Message-ID"] = self._message_id(number)
        if reply_to:
            message["In-Reply-To"] = reply_to
            message["References"] = reply_to
        message.set_content(body)
        for name, content, maintype, subtype in attachments:
            message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
        ticket_id = self.env["mail.thread"].message_process(False, message.as_bytes())
        return self.env["helpdesk.ticket"].browse(ticket_id)
