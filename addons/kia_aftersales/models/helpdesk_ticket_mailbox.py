import re

from markupsafe import Markup, escape

from odoo import api, models, tools
from odoo.tools import SQL

from .fleet_vehicle import normalize_vin, vin_error

# Chinese licence plates (GB 36220): a province's character, the issuing office's letter,
# then five characters (six on new-energy plates), written with or without a middle dot
# or a space after the letter: 京A12345, 沪B·D12345, 粤B 12345.
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_SEPARATORS = "·•・.-"
PLATE_RE = re.compile(
    rf"([{PROVINCES}])\s*([A-Za-z])\s*[{re.escape(PLATE_SEPARATORS)}]?\s*([A-Za-z0-9]{{5,6}})"
    r"(?![A-Za-z0-9])"
)
# A VIN: 17 letters and digits, not part of a longer word (Chinese text has no spaces).
VIN_RE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z0-9]{17})(?![A-Za-z0-9])")
IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# The same normalisation of the stored plates, in SQL.
PLATE_SQL_KEY = SQL(
    "upper(regexp_replace(fleet_vehicle.license_plate, %s, '', 'g'))",
    f"[[:space:]{PLATE_SEPARATORS}]",
)


def plate_keys(text):
    """The licence plates named in ``text``, normalised (no separator, upper case)."""
    return {
        f"{province}{office}{number}".upper()
        for province, office, number in PLATE_RE.findall(text or "")
    }


def vin_keys(env, text):
    """The valid VINs (check digit included) named in ``text``, normalised."""
    vins = {normalize_vin(match) for match in VIN_RE.findall(text or "")}
    return {vin for vin in vins if vin and not vin_error(env, vin)}


# One file per kind of ticket, by design (see helpdesk_ticket.py).
class HelpdeskTicket(models.Model):
    """The after-sales mailbox (售后服务专用邮箱, SPEC CC-04): mail to the alias of a team
    flagged ``kia_mailbox`` becomes a ticket of that team.

    On top of OCA helpdesk_mgmt's ``message_new`` (title, description, partner found by
    Odoo's gateway), a mailbox ticket:

    * belongs to the sender's contact: found by email among the contacts of the team's
      company (or shared ones), created if unknown (name and address from the From
      header, owned by the team's company); a malformed sender gives a ticket without
      contact rather than a broken contact;
    * links the vehicle the mail names (plate or VIN) among the company's vehicles; when
      the mail names none, the sender's only vehicle at this dealer; several or unknown
      vehicles link nothing and leave a note for customer relations;
    * always has a description: a mail without text (empty, or attachments only) gets a
      placeholder instead of failing on the required field.

    Replies thread through Odoo's gateway (In-Reply-To / References). A reply to a closed
    mailbox ticket does not reopen it (closing is customer relations' decision, and the
    complaint procedure counts reopenings): it lands on the ticket and gives the ticket's
    user (or the team leader) a to-do.
    """

    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg, custom_values=None):
        values = dict(custom_values or {})
        team = self.env["helpdesk.ticket.team"].browse(
            values.get("team_id") or self.default_get(["team_id"]).get("team_id")
        )
        if not team.kia_mailbox:
            return super().message_new(msg, custom_values=custom_values)
        company = team.company_id or self.env.company
        partner = self._kia_mailbox_partner(msg, company)
        if partner:
            # The incoming message is posted after the ticket is created: authored by the
            # (new) contact, who then follows the ticket and gets its answers.
            msg["author_id"] = partner.id
        vehicle, note = self._kia_mailbox_match_vehicles(
            [(company, self._kia_mail_text(msg), partner)]
        )[0]
        enquiry = self.env.ref("kia_aftersales.helpdesk_ticket_type_enquiry", False)
        channel = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email", False)
        values = {
            # Not the gateway's user (helpdesk_mgmt's auto-assignment): customer relations
            # take the mail.
            "user_id": False,
            "company_id": company.id,
            "type_id": enquiry.id if enquiry and enquiry in team.type_ids else False,
            "channel_id": channel.id if channel else False,
            **values,
            "partner_id": partner.id,
            "description": self._kia_mail_description(msg),
            "kia_vehicle_id": vehicle.id,
        }
        ticket = super().message_new(msg, custom_values=values)
        name, email = tools.parse_contact_from_email(msg.get("email_from") or "")
        # mail.thread puts the raw From header in the primary email field.
        ticket.write(
            {
                "partner_email": partner.email or email or False,
                "partner_name": partner.name or name.strip('"') or email or False,
            }
        )
        if note:
            ticket._message_log(body=note)
        return ticket

    def message_update(self, msg, update_vals=None):
        mailbox = self.filtered("team_id.kia_mailbox")
        result = super().message_update(msg, update_vals=update_vals)
        if not mailbox:
            return result
        unlinked = mailbox.filtered(lambda ticket: not ticket.kia_vehicle_id)
        if unlinked:
            # A reply may name the vehicle the first mail did not: link it then.
            text = self._kia_mail_text(msg)
            matches = self._kia_mailbox_match_vehicles(
                [(ticket.company_id, text, False) for ticket in unlinked]
            )
            for ticket, (vehicle, _note) in zip(unlinked, matches, strict=True):
                if vehicle:
                    ticket.kia_vehicle_id = vehicle
        for ticket in mailbox.filtered("stage_id.closed"):
            responsible = ticket.user_id or ticket.team_id.user_id
            if responsible:
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("The customer wrote after the ticket was closed"),
                    note=self.env._(
                        "Read the customer's mail on %(ticket)s and reopen the ticket if "
                        "it needs an answer.",
                        ticket=ticket.display_name,
                    ),
                    user_id=responsible.id,
                )
        return result

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _kia_mail_text(self, msg):
        """Subject and body of an incoming mail as plain text."""
        return "\n".join([msg.get("subject") or "", tools.html2plaintext(msg.get("body") or "")])

    @api.model
    def _kia_mail_description(self, msg):
        """The mail's body, or a placeholder when it has no text (helpdesk requires a
        description)."""
        body = msg.get("body") or ""
        # html2plaintext writes images as "Image [1]": an inline photo is not text.
        if tools.html2plaintext(IMG_RE.sub("", body)).strip():
            return body
        if msg.get("attachments"):
            text = self.env._(
                "The mail has no text, only attachments: see them in the messages below."
            )
        else:
            text = self.env._("The mail has no text.")
        return Markup("<p><em>%s</em></p>") % text

    @api.model
    def _kia_mailbox_partner(self, msg, company):
        """The sender's contact at ``company``: the one Odoo's gateway found (if it is
        not another company's), else found by email, else created from the From header.
        None for a From header without a valid address."""
        Partner = self.env["res.partner"]
        email_from = msg.get("email_from") or ""
        name, email = tools.parse_contact_from_email(email_from)
        if not email:
            return Partner
        partner = Partner.browse(msg.get("author_id")).exists()
        if partner.company_id and partner.company_id != company:
            partner = Partner
        if not partner:
            partner = self.env["mail.thread"]._mail_find_partner_from_emails(
                [email], extra_domain=[("company_id", "in", [False, company.id])]
            )[0]
        if not partner:
            partner = Partner.create(
                {"name": name or email, "email": email, "company_id": company.id}
            )
        return partner

    @api.model
    def _kia_mailbox_match_vehicles(self, requests):
        """The vehicle each mail is about, in one query for all of them.

        :param requests: list of ``(company, text, partner)``; ``partner`` (or False) is
            the sender, whose only vehicle is taken when the text names none.
        :return: list of ``(vehicle, note)``: the vehicle (possibly empty) and, when the
            mail names vehicles that cannot be linked, a note for customer relations.
        """
        Vehicle = self.env["fleet.vehicle"]
        wanted = [
            (company, plate_keys(text), vin_keys(self.env, text), partner)
            for company, text, partner in requests
        ]
        plates = set().union(*(plate for _c, plate, _v, _p in wanted))
        vins = set().union(*(vin for _c, _pl, vin, _p in wanted))
        companies = {company.id for company, *_rest in wanted}
        found = []
        if plates or vins:
            Vehicle.flush_model(["license_plate", "vin_sn", "company_id", "active"])
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT id, company_id, %(plate)s, vin_sn
                      FROM fleet_vehicle
                     WHERE active
                       AND (company_id IN %(companies)s OR company_id IS NULL)
                       AND (%(plate)s IN %(plates)s OR vin_sn IN %(vins)s)
                    """,
                    plate=PLATE_SQL_KEY,
                    companies=tuple(companies),
                    plates=tuple(plates) or ("",),
                    vins=tuple(vins) or ("",),
                )
            )
            found = [(Vehicle.browse(row[0]), row[1], row[2], row[3]) for row in rows]
        partners = [
            partner.id for _c, plate, vin, partner in wanted if partner and not plate and not vin
        ]
        owned = (
            Vehicle.search(
                [("kia_owner_id", "in", partners), ("company_id", "in", [False, *companies])]
            )
            if partners
            else Vehicle
        )
        results = []
        for company, plate, vin, partner in wanted:
            if not plate and not vin:
                vehicles = owned.filtered(
                    lambda v, p=partner, c=company: (
                        v.kia_owner_id == p and (not v.company_id or v.company_id == c)
                    )
                )
                results.append((vehicles if len(vehicles) == 1 else Vehicle, None))
                continue
            vehicles = Vehicle.union(
                *(
                    vehicle
                    for vehicle, company_id, vehicle_plate, vehicle_vin in found
                    if company_id in (company.id, None)
                    and (vehicle_plate in plate or vehicle_vin in vin)
                )
            )
            named = ", ".join(sorted(plate | vin))
            if len(vehicles) == 1:
                results.append((vehicles, None))
            elif vehicles:
                results.append(
                    (
                        Vehicle,
                        escape(
                            self.env._(
                                "The mail names %(named)s: these are several vehicles "
                                "(%(vehicles)s). Link the right one.",
                                named=named,
                                vehicles=", ".join(vehicles.mapped("display_name")),
                            )
                        ),
                    )
                )
            else:
                results.append(
                    (
                        Vehicle,
                        escape(
                            self.env._(
                                "The mail names %(named)s: no vehicle of this dealer has "
                                "it. Link the vehicle once the customer confirms it.",
                                named=named,
                            )
                        ),
                    )
                )
        return results
