from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

CLERK = "kia_warranty.group_warranty_clerk"


class KiaWarrantyOldPart(models.Model):
    """An old part (索赔旧件) taken off a vehicle under warranty: kept in the quarantine
    location with its claim's tag until the manufacturer says return or scrap. The
    manufacturer charges back claims whose parts do not come back in time."""

    _name = "kia.warranty.old.part"
    _description = "Warranty Old Part"
    _inherit = ["mail.thread", "kia.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(related="claim_id.name", string="Claim Number", store=True)
    claim_id = fields.Many2one(
        "kia.warranty.claim", required=True, ondelete="restrict", index=True, check_company=True
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    vin = fields.Char(related="claim_id.vin", string="VIN")
    product_id = fields.Many2one("product.product", string="Part", required=True)
    quantity = fields.Float(required=True, default=1.0)
    location_id = fields.Many2one("stock.location", string="Quarantine", readonly=True)
    state = fields.Selection(
        [("quarantined", "In Quarantine"), ("returned", "Returned"), ("scrapped", "Scrapped")],
        string="Status",
        default="quarantined",
        required=True,
        readonly=True,
        tracking=True,
        kia_workflow=True,
    )
    move_id = fields.Many2one("stock.move", string="Receipt Move", readonly=True, kia_workflow=True)
    received_by_id = fields.Many2one("res.users", readonly=True, kia_workflow=True)
    received_date = fields.Datetime(readonly=True, kia_workflow=True)
    return_deadline = fields.Date(readonly=True, kia_workflow=True)
    is_overdue = fields.Boolean(
        string="Past Return Deadline",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
    )
    return_picking_id = fields.Many2one(
        "stock.picking", string="Return Shipment", readonly=True, kia_workflow=True
    )
    returned_by_id = fields.Many2one("res.users", readonly=True, kia_workflow=True)
    returned_date = fields.Datetime(readonly=True, kia_workflow=True)
    scrap_id = fields.Many2one("stock.scrap", readonly=True, kia_workflow=True)
    scrapped_by_id = fields.Many2one("res.users", readonly=True, kia_workflow=True)
    scrapped_date = fields.Datetime(readonly=True, kia_workflow=True)

    @api.depends("state", "return_deadline")
    def _compute_is_overdue(self):
        for part in self:
            part.is_overdue = (
                part.state == "quarantined"
                and part.return_deadline
                and part.return_deadline < part.company_id._kia_today()
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Search on the return deadline only supports = and !=."))
        # The dealers' dates differ by a day at most: the user's company decides.
        today = self.env.company._kia_today()
        domain = [("state", "=", "quarantined"), ("return_deadline", "<", today)]
        return domain if (operator == "=") == bool(value) else ["!", *domain]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        if not self.env.su:
            raise UserError(
                self.env._("An old part is a record of what happened: it cannot be deleted.")
            )

    # ------------------------------------------------------------------ flow

    @api.model
    def _kia_receive(self, claims):
        """Move each claim's causal part from the vehicle (the inventory-loss location:
        it never was the dealer's stock) into the quarantine, tagged with the claim."""
        now = fields.Datetime.now()
        parts = self.browse()
        for claim in claims:
            company = claim.company_id
            location = self.env["stock.location"]._kia_old_parts_location(company)
            product = claim.causal_part_id
            quantity = (
                sum(
                    claim.line_ids.filtered(
                        lambda line, p=product: line.product_id == p and line.line_type == "part"
                    ).mapped("quantity")
                )
                or 1.0
            )
            source = product.with_company(company).property_stock_inventory
            move = self.env["stock.move"].create(
                {
                    "name": self.env._("Old part of claim %s", claim.name),
                    "product_id": product.id,
                    "product_uom_qty": quantity,
                    "product_uom": product.uom_id.id,
                    "location_id": source.id,
                    "location_dest_id": location.id,
                    "company_id": company.id,
                    "kia_warranty_claim_id": claim.id,
                    "origin": claim.name,
                }
            )
            move._action_confirm()
            move.quantity = quantity
            move.picked = True
            move._action_done()
            parts |= self.create(
                {
                    "claim_id": claim.id,
                    "product_id": product.id,
                    "quantity": quantity,
                    "location_id": location.id,
                    "move_id": move.id,
                    "received_by_id": self.env.uid,
                    "received_date": now,
                    "return_deadline": company._kia_today()
                    + timedelta(days=company.kia_warranty_return_days),
                }
            )
        return parts

    def _kia_check_quarantined(self):
        if not self.env.user.has_group(CLERK):
            raise UserError(self.env._("Only a warranty clerk returns or scraps old parts."))
        self.check_access("read")
        gone = self.filtered(lambda p: p.state != "quarantined")
        if gone:
            raise UserError(
                self.env._(
                    "Old part %s has left the quarantine already.", gone[0].product_id.display_name
                )
            )

    def action_return(self):
        """Ship the old parts back to the manufacturer (one outgoing transfer per
        company), as the manufacturer instructed."""
        self._kia_check_quarantined()
        for company, parts in self.grouped("company_id").items():
            partner = company._kia_warranty_partner()
            if not partner:
                raise UserError(
                    self.env._("Set the manufacturer's warranty partner in the settings.")
                )
            warehouse = (
                self.env["stock.warehouse"]
                .sudo()
                .search([("company_id", "=", company.id)], limit=1)
            )
            picking = (
                self.env["stock.picking"]
                .sudo()
                .create(
                    {
                        "picking_type_id": warehouse.out_type_id.id,
                        "partner_id": partner.id,
                        "location_id": parts[0].location_id.id,
                        "location_dest_id": partner.property_stock_customer.id,
                        "origin": ", ".join(parts.mapped("name")),
                        "company_id": company.id,
                        "move_ids": [
                            (
                                0,
                                0,
                                {
                                    "name": self.env._("Old part of claim %s", part.name),
                                    "product_id": part.product_id.id,
                                    "product_uom_qty": part.quantity,
                                    "product_uom": part.product_id.uom_id.id,
                                    "location_id": part.location_id.id,
                                    "location_dest_id": partner.property_stock_customer.id,
                                    "kia_warranty_claim_id": part.claim_id.id,
                                },
                            )
                            for part in parts
                        ],
                    }
                )
            )
            picking.action_confirm()
            picking.action_assign()
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            picking.with_context(skip_backorder=True).button_validate()
            parts.sudo().write(
                {
                    "state": "returned",
                    "return_picking_id": picking.id,
                    "returned_by_id": self.env.uid,
                    "returned_date": fields.Datetime.now(),
                }
            )
        return True

    def action_scrap(self):
        """Scrap the old parts on the manufacturer's instruction (an Odoo scrap)."""
        self._kia_check_quarantined()
        for part in self.sudo():
            scrap = (
                self.env["stock.scrap"]
                .sudo()
                .create(
                    {
                        "product_id": part.product_id.id,
                        "scrap_qty": part.quantity,
                        "product_uom_id": part.product_id.uom_id.id,
                        "location_id": part.location_id.id,
                        "company_id": part.company_id.id,
                        "origin": part.name,
                    }
                )
            )
            scrap.action_validate()
            part.write(
                {
                    "state": "scrapped",
                    "scrap_id": scrap.id,
                    "scrapped_by_id": self.env.uid,
                    "scrapped_date": fields.Datetime.now(),
                }
            )
        return True

    def action_print_tag(self):
        return self.env.ref("kia_warranty.action_report_old_part_tag").report_action(self)
