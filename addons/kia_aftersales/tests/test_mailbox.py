"""The after-sales mailbox (SPEC CC-04): real RFC 822 mails through Odoo's mail gateway
(``mail.thread.message_process``), as the mail server's pipe or the fetchmail cron hands
them over."""

import base64
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from odoo import fields
from odoo.exceptions import AccessError

from .common import KiaAftersalesCase, make_vin

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class TestMailbox(KiaAftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env.ref("kia_aftersales.helpdesk_team_mailbox")
        cls.team.user_id = cls.user_cr
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.Partner = cls.env["res.partner"].with_context(active_test=False)

    # helpers ---------------------------------------------------------------------------

    def _mail(
        self,
        subject="Question",
        body="Hello",
        sender='"Customer Li" <li@example.com>',
        to="aftersales@kia-pudong.example.com",
        reply_to_id=None,
        attachments=(),
        html=None,
    ):
        """An RFC 822 mail as the mail server delivers it; returns (bytes, Message-Id)."""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = format_datetime(fields.Datetime.now().replace(tzinfo=None).astimezone())
        message["Message-ID"] = make_msgid(domain="mail.example.com")
        if reply_to_id:
            message["In-Reply-To"] = reply_to_id
            message["References"] = reply_to_id
        if html is not None:
            message.set_content(html, subtype="html")
        elif body is not None:
            message.set_content(body)
        for name, content, maintype, subtype in attachments:
            message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
        return message.as_bytes(), message["Message-ID"]

    def _process(self, *args, **kwargs):
        raw, message_id = self._mail(*args, **kwargs)
        ticket = self.Ticket.browse(self.env["mail.thread"].message_process(False, raw))
        return ticket, message_id

    def _notes(self, ticket):
        return ticket.message_ids.filtered(lambda m: m.message_type == "notification")

    def _incoming(self, ticket):
        return ticket.message_ids.filtered(lambda m: m.message_type == "email")

    # tickets from mails ------------------------------------------------------------------

    def test_known_customer_mail_becomes_a_mailbox_ticket(self):
        partners = self.Partner.search_count([])
        ticket, message_id = self._process(
            "召回咨询 recall", "您好，我的车沪AT0001收到了召回通知，请问什么时候可以来店？"
        )
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.company_id, self.company)
        self.assertEqual(ticket.name, "召回咨询 recall")
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.partner_email, "li@example.com")
        self.assertEqual(
            ticket.type_id, self.env.ref("kia_aftersales.helpdesk_ticket_type_enquiry")
        )
        self.assertEqual(
            ticket.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        )
        self.assertEqual(ticket.kia_vehicle_id, self.vehicle)
        self.assertFalse(ticket.user_id, "customer relations take it, not the gateway's user")
        self.assertIn("召回通知", ticket.description)
        self.assertEqual(self.Partner.search_count([]), partners, "no contact created")
        [incoming] = self._incoming(ticket)
        self.assertEqual(incoming.author_id, self.customer)
        self.assertEqual(incoming.message_id, message_id)
        self.assertIn(self.customer, ticket.message_partner_ids, "the customer gets the answers")

    def test_unknown_sender_gets_one_contact_reused_by_the_next_mail(self):
        sender = '"Zhao Lei" <Zhao.Lei@Example.cn>'
        ticket, _id = self._process("Price of a 10,000 km service", "How much?", sender=sender)
        partner = ticket.partner_id
        self.assertEqual(
            (partner.name, partner.email, partner.company_id),
            ("Zhao Lei", "zhao.lei@example.cn", self.company),
        )
        self.assertEqual(ticket.partner_name, "Zhao Lei")
        self.assertEqual(self._incoming(ticket).author_id, partner)
        self.assertFalse(ticket.kia_vehicle_id)
        second, _id = self._process("Another question", "And tyres?", sender="zhao.lei@example.cn")
        self.assertNotEqual(second, ticket)
        self.assertEqual(second.partner_id, partner)
        self.assertEqual(self.Partner.search_count([("email", "=ilike", "zhao.lei@example.cn")]), 1)

    def test_attachment_lands_on_the_ticket(self):
        pdf = b"%PDF-1.4 invoice of the last service"
        ticket, _id = self._process(
            "Invoice question",
            "See the invoice attached.",
            attachments=[("invoice.pdf", pdf, "application", "pdf")],
        )
        [attachment] = ticket.attachment_ids
        self.assertEqual(attachment.name, "invoice.pdf")
        self.assertEqual(attachment.raw, pdf)
        self.assertEqual(self._incoming(ticket).attachment_ids, attachment)
        self.assertIn("See the invoice attached.", ticket.description)

    def test_mail_without_text_gets_a_placeholder_description(self):
        ticket, _id = self._process("", "   \n  ")
        self.assertEqual(ticket.name, "No Subject")
        self.assertEqual(ticket.description, "<p><em>The mail has no text.</em></p>")
        photo, _id = self._process(
            "Scratch",
            None,
            html='<p><img src="cid:none"></p>',
            attachments=[("scratch.png", PNG, "image", "png")],
        )
        self.assertEqual(
            photo.description,
            "<p><em>The mail has no text, only attachments: see them in the messages "
            "below.</em></p>",
        )
        self.assertEqual(photo.attachment_ids.mapped("name"), ["scratch.png"])
        self.assertEqual(photo.attachment_ids.raw, PNG)

    def test_malformed_sender_creates_a_ticket_without_contact(self):
        partners = self.Partner.search_count([])
        ticket, _id = self._process("Help", "My 沪AT0001 is broken", sender="not an address")
        self.assertEqual(ticket.team_id, self.team)
        self.assertFalse(ticket.partner_id)
        self.assertFalse(ticket.partner_email)
        self.assertEqual(ticket.partner_name, "not an address")
        self.assertEqual(self.Partner.search_count([]), partners, "no contact created")
        self.assertEqual(ticket.kia_vehicle_id, self.vehicle, "the plate still identifies the car")

    # replies -----------------------------------------------------------------------------

    def test_replies_thread_into_the_same_ticket(self):
        ticket, first_id = self._process("Noise", "A noise from the front left wheel.")
        tickets = self.Ticket.search_count([])
        answer = ticket.with_user(self.user_cr).message_post(
            body="Please come on Monday.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        count = len(ticket.message_ids)
        again, _id = self._process("Re: Noise", "Monday is fine.", reply_to_id=answer.message_id)
        self.assertEqual(again, ticket)
        self.assertEqual(self.Ticket.search_count([]), tickets, "no new ticket")
        self.assertEqual(len(ticket.message_ids), count + 1)
        self.assertEqual(ticket.message_ids[0].author_id, self.customer)
        self.assertIn("Monday is fine.", ticket.message_ids[0].body)
        # A reply to his own first mail (In-Reply-To of the original) threads as well.
        third, _id = self._process("Re: Noise", "Also the brakes.", reply_to_id=first_id)
        self.assertEqual(third, ticket)
        self.assertEqual(len(ticket.message_ids), count + 2)

    def test_reply_to_closed_ticket_stays_closed_and_gives_a_todo(self):
        ticket, first_id = self._process("Thanks", "All good.")
        closed = self.team._get_applicable_stages().filtered("closed")[:1]
        ticket.stage_id = closed
        self._process("Re: Thanks", "Actually the noise is back.", reply_to_id=first_id)
        self.assertEqual(ticket.stage_id, closed)
        [activity] = ticket.activity_ids
        self.assertEqual(activity.user_id, self.user_cr, "the team leader: nobody was assigned")
        self.assertEqual(activity.summary, "The customer wrote after the ticket was closed")

    def test_reply_naming_the_plate_links_the_vehicle(self):
        ticket, first_id = self._process("Service", "When can I come?", sender="new@example.com")
        self.assertFalse(ticket.kia_vehicle_id)
        self._process(
            "Re: Service", "My plate is 沪A·T0001", sender="new@example.com", reply_to_id=first_id
        )
        self.assertEqual(ticket.kia_vehicle_id, self.vehicle)

    # vehicles ----------------------------------------------------------------------------

    def test_plate_written_in_any_usual_way_links_the_vehicle(self):
        for text in ("沪AT0001", "沪A·T0001", "沪a t0001", "沪A-T0001", "车牌：沪A T0001。"):
            with self.subTest(text=text):
                ticket, _id = self._process("Appointment", text, sender="x@example.com")
                self.assertEqual(ticket.kia_vehicle_id, self.vehicle)
        ticket, _id = self._process("沪A·T0001 service", "", sender="x@example.com")
        self.assertEqual(ticket.kia_vehicle_id, self.vehicle, "the subject names it")

    def test_vin_links_the_vehicle_wrong_vin_does_not(self):
        vin = self.vehicle.vin_sn
        ticket, _id = self._process("VIN", f"车架号{vin.lower()}的保修", sender="x@example.com")
        self.assertEqual(ticket.kia_vehicle_id, self.vehicle)
        wrong = vin[:8] + ("0" if vin[8] != "0" else "1") + vin[9:]
        ticket, _id = self._process("VIN", f"VIN {wrong}", sender="x@example.com")
        self.assertFalse(ticket.kia_vehicle_id, "a wrong check digit names no vehicle")

    def test_unknown_or_ambiguous_vehicle_links_nothing_and_says_why(self):
        second = self.env["fleet.vehicle"].create(
            {
                "model_id": self.model_k5.id,
                "license_plate": "沪B·D12345",
                "vin_sn": make_vin(2),
                "kia_owner_id": self.customer.id,
            }
        )
        ticket, _id = self._process("Two cars", "沪AT0001 and 沪BD12345 need a service")
        self.assertFalse(ticket.kia_vehicle_id)
        [note] = self._notes(ticket)
        self.assertIn("The mail names 沪AT0001, 沪BD12345: these are several vehicles", note.body)
        self.assertIn(second.license_plate, note.body)
        ticket, _id = self._process("Unknown", "My car 京A12345 is broken")
        self.assertFalse(ticket.kia_vehicle_id, "Li owns two cars: none is taken")
        [note] = self._notes(ticket)
        self.assertIn("The mail names 京A12345: no vehicle of this dealer has it", note.body)

    def test_customer_only_vehicle_is_linked_when_the_mail_names_none(self):
        ticket, _id = self._process("Service", "When is my next service due?")
        self.assertEqual(ticket.kia_vehicle_id, self.vehicle, "Li owns only this car")
        ticket, _id = self._process("Service", "My other car 京A12345?")
        self.assertFalse(ticket.kia_vehicle_id, "he names another car: not his only one")
        self.env["fleet.vehicle"].create(
            {"model_id": self.model_k5.id, "vin_sn": make_vin(3), "kia_owner_id": self.customer.id}
        )
        ticket, _id = self._process("Service", "When is my next service due?")
        self.assertFalse(ticket.kia_vehicle_id, "two cars: customer relations chooses")

    def test_other_company_vehicle_and_contact_are_never_used(self):
        other = self.env["res.company"].create({"name": "Kia Hangzhou"})
        foreign = self.env["fleet.vehicle"].create(
            {
                "model_id": self.model_k5.id,
                "license_plate": "浙A88888",
                "vin_sn": make_vin(4),
                "company_id": other.id,
            }
        )
        stranger = self.env["res.partner"].create(
            {"name": "Hangzhou customer", "email": "hz@example.com", "company_id": other.id}
        )
        ticket, _id = self._process(
            "Car", f"浙A88888 / {foreign.vin_sn}", sender='"HZ" <hz@example.com>'
        )
        self.assertEqual(ticket.company_id, self.company)
        self.assertFalse(ticket.kia_vehicle_id)
        self.assertNotEqual(ticket.partner_id, stranger)
        self.assertEqual(ticket.partner_id.company_id, self.company)

    def test_vehicle_matching_costs_the_same_queries_for_many_mails(self):
        Ticket = self.Ticket.sudo()
        one = [(self.company, "沪AT0001", self.customer)]
        many = [(self.company, f"沪AT{n:04d} {make_vin(n)}", self.customer) for n in range(1, 21)]
        Ticket._kia_mailbox_match_vehicles(one)
        with self.assertQueryCount(1):
            [(vehicle, note)] = Ticket._kia_mailbox_match_vehicles(one)
        self.assertEqual((vehicle, note), (self.vehicle, None))
        with self.assertQueryCount(1):
            results = Ticket._kia_mailbox_match_vehicles(many)
        self.assertEqual(results[0], (self.vehicle, None))
        self.assertEqual(
            [vehicle for vehicle, _note in results[1:]], [self.env["fleet.vehicle"]] * 19
        )

    # routing and privacy -----------------------------------------------------------------

    def test_alias_matches_the_company_mail_domain(self):
        domain = self.env["mail.alias.domain"].create({"name": "kia-pudong.example.com"})
        self.team.alias_domain_id = domain
        self.assertEqual(self.team.alias_email, "aftersales@kia-pudong.example.com")
        ticket, _id = self._process("Domain", "Hello", to="aftersales@kia-pudong.example.com")
        self.assertEqual(ticket.team_id, self.team)
        # Shipped with local-part matching: a second domain of the dealer reaches it too.
        ticket, _id = self._process("Domain", "Hello", to="Aftersales@kia-shanghai.example.cn")
        self.assertEqual(ticket.team_id, self.team)
        # Without it, only the configured domain is the mailbox.
        self.team.alias_id.alias_incoming_local = False
        tickets = self.Ticket.search_count([])
        raw, _id = self._mail("Domain", "Hello", to="aftersales@kia-shanghai.example.cn")
        with self.assertRaisesRegex(ValueError, "No possible route found"):
            self.env["mail.thread"].message_process(False, raw)
        self.assertEqual(self.Ticket.search_count([]), tickets)

    def test_mailbox_read_by_customer_relations_and_coordinator_not_technicians(self):
        ticket, _id = self._process("Private", "My phone is 13800000009")
        for user in (self.user_cr, self.user_info):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.Ticket.with_user(user).search(
                        [("team_id.kia_mailbox", "=", True), ("id", "=", ticket.id)]
                    ),
                    ticket,
                )
                ticket.with_user(user).message_post(body="Answer", message_type="comment")
        with self.assertRaises(AccessError):
            ticket.with_user(self.user_tech).read(["description"])
        self.assertFalse(self.Ticket.with_user(self.user_tech).search([("id", "=", ticket.id)]))
