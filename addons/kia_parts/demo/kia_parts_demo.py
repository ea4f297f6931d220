from datetime import timedelta

from odoo import Command, api, fields, models

BINS = {
    "part_oil": "A-01-3",
    "part_oil_filter": "A-01-2",
    "part_air_filter": "A-02-1",
    "part_cabin_filter": "A-02-2",
    "part_brake_pads": "B-04-1",
    "part_brake_disc": "B-04-3",
    "part_wiper": "C-01-1",
    "part_spark_plug": "A-03-2",
    "part_battery": "F-01-1",
    "part_ev_coolant": "G-01-1",
    "part_iccu": "G-02-1",
}
MIN_MAX = {
    "part_oil": (40, 120),
    "part_oil_filter": (10, 30),
    "part_brake_pads": (4, 10),
    "part_wiper": (5, 15),
}


class KiaPartsDemo(models.AbstractModel):
    """Demo data only: the parts department's month run through the real flows."""

    _name = "kia.parts.demo"
    _description = "Parts Demo Data"

    @api.model
    def _generate(self):
        env = self.with_context(kia_skip_notify=True, tracking_disable=True).env
        ref = lambda xmlid: env.ref(xmlid if "." in xmlid else f"kia_aftersales.{xmlid}")  # noqa: E731
        now = fields.Datetime.now()
        company = env.company
        stock = env.ref("stock.stock_location_stock")
        # Catalogue data
        parts = env["product.product"].browse([ref(xmlid).id for xmlid in BINS])
        parts.product_tmpl_id.write(
            {"kia_is_part": True, "categ_id": env.ref("kia_parts.product_category_parts").id}
        )
        for xmlid, bin_location in BINS.items():
            ref(xmlid).product_tmpl_id.kia_bin_location = bin_location
        env.ref("kia_parts.part_oil_filter_old").product_tmpl_id.kia_superseded_by_id = ref(
            "part_oil_filter"
        ).product_tmpl_id
        env["stock.warehouse.orderpoint"].create(
            [
                {
                    "product_id": ref(xmlid).id,
                    "location_id": stock.id,
                    "product_min_qty": low,
                    "product_max_qty": high,
                    "trigger": "manual",
                    "kia_manual": True,
                }
                for xmlid, (low, high) in MIN_MAX.items()
            ]
        )
        self._generate_replenishment_history(env, [ref(xmlid) for xmlid in BINS])
        # Old parts nobody asked for in a year: dead stock.
        old_parts = env.ref("kia_parts.part_cassette_belt") | env.ref("kia_parts.part_headlamp")
        for product, quantity in zip(old_parts, (3, 1), strict=True):
            quant = (
                env["stock.quant"]
                .with_context(inventory_mode=True)
                .create(
                    {
                        "product_id": product.id,
                        "location_id": stock.id,
                        "inventory_quantity": quantity,
                    }
                )
            )
            quant.action_kia_tier_validate()
            quant.action_apply_inventory()
        env.cr.execute(
            "UPDATE product_template SET create_date = %s WHERE id IN %s",
            (now - timedelta(days=800), tuple(old_parts.product_tmpl_id.ids)),
        )
        old_parts.product_tmpl_id.invalidate_recordset(["create_date"])
        supplier = company.kia_parts_supplier_id
        # A stock order received ten days ago: a damaged brake-pad set and two wipers short.
        received = env["purchase.order"].create(
            {
                "partner_id": supplier.id,
                "kia_order_type": "stock",
                "order_line": [
                    Command.create({"product_id": ref(xmlid).id, "product_qty": qty})
                    for xmlid, qty in (
                        ("part_oil", 60),
                        ("part_oil_filter", 20),
                        ("part_brake_pads", 6),
                        ("part_wiper", 10),
                    )
                ],
            }
        )
        received.button_confirm()
        receipt = received.picking_ids
        for move in receipt.move_ids:
            values = {"kia_note_qty": move.product_uom_qty, "quantity": move.product_uom_qty}
            if move.product_id == ref("part_brake_pads"):
                values.update(quantity=move.product_uom_qty - 1, kia_damaged_qty=1)
            if move.product_id == ref("part_wiper"):
                values.update(quantity=move.product_uom_qty - 2)
            move.write(values)
        receipt.move_ids.picked = True
        receipt.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=receipt.ids
        ).button_validate()
        receipt.date_done = now - timedelta(days=10)
        # The manufacturer bills what its delivery note says: the claim credits what was
        # billed and not received.
        bill = env["account.move"].browse(received.action_create_invoice()["res_id"])
        for line in bill.invoice_line_ids:
            line.quantity = line.purchase_line_id.product_qty
        bill.invoice_date = (now - timedelta(days=9)).date()
        bill.action_post()
        claim = env["kia.parts.claim"].browse(receipt.action_kia_open_claim()["res_id"])
        claim.action_submit()
        claim.action_accept()
        claim.action_create_refund()
        # A stock order on its way.
        env["purchase.order"].create(
            {
                "partner_id": supplier.id,
                "kia_order_type": "stock",
                "order_line": [
                    Command.create({"product_id": ref("part_cabin_filter").id, "product_qty": 20}),
                    Command.create({"product_id": ref("part_spark_plug").id, "product_qty": 24}),
                ],
            }
        ).button_confirm()
        # Emergency order for the work orders waiting for parts.
        waiting = env["repair.order"].search([("kia_stage", "=", "waiting_parts")])
        if waiting:
            emergency = env["purchase.order"].browse(
                waiting.action_kia_order_missing_parts()["res_id"]
            )
            emergency.button_confirm()
        # The fill rate is measured from each work-order part line's first reservation:
        # the open work orders' parts, made before the parts counter was installed, are
        # checked against the stock now (their first check).
        checked = env["stock.move"].search(
            [
                ("repair_id", "!=", False),
                ("repair_line_type", "=", "add"),
                ("kia_first_availability", "=", False),
                ("state", "in", ("confirmed", "waiting", "partially_available", "assigned")),
            ]
        )
        checked._action_assign()
        # The clerk hands the reserved parts of the orders being worked on to the workshop.
        checked.filtered(
            lambda move: (
                move.state == "assigned"
                and not move.kia_issued_qty
                and move.repair_id.kia_stage == "in_progress"
            )
        ).with_user(ref("kia_parts.user_parts_clerk")).action_kia_issue()
        # Lost sales and a counter sale.
        env["kia.parts.lost.sale"].create(
            [
                {
                    "product_id": ref("part_battery").id,
                    "quantity": 1,
                    "reason": "no_stock",
                    "date": (now - timedelta(days=12)).date(),
                },
                {
                    "product_id": ref("part_brake_disc").id,
                    "quantity": 2,
                    "reason": "lead_time",
                    "date": (now - timedelta(days=4)).date(),
                },
            ]
        )
        clerk = env.ref("kia_parts.user_parts_clerk")
        for customer, lines, invoiced, days_ago in (
            ("customer_07", [("part_wiper", 1)], True, 9),
            ("customer_12", [("part_cabin_filter", 1), ("part_air_filter", 1)], True, 3),
            ("customer_19", [("part_spark_plug", 4)], False, 0),
        ):
            counter = env["sale.order"].create(
                {
                    "partner_id": ref(customer).id,
                    "user_id": clerk.id,
                    "kia_counter_sale": True,
                    "order_line": [
                        Command.create({"product_id": ref(part).id, "product_uom_qty": qty})
                        for part, qty in lines
                    ],
                }
            )
            counter.action_confirm()
            counter.date_order = now - timedelta(days=days_ago, hours=2)
            for picking in counter.picking_ids:
                for move in picking.move_ids:
                    move.quantity = move.product_uom_qty
                picking.move_ids.picked = True
                picking.button_validate()
            if invoiced:
                counter._create_invoices().action_post()
        # Stocktake: small differences applied, the headlamp's waits for the manager.
        Quant = env["stock.quant"].with_context(inventory_mode=True)
        for product, counted_delta in ((ref("part_spark_plug"), -2), (ref("part_ev_coolant"), 1)):
            quant = Quant.search(
                [("product_id", "=", product.id), ("location_id", "=", stock.id)], limit=1
            )
            quant.inventory_quantity = quant.quantity + counted_delta
            quant.action_apply_inventory()
        headlamp = Quant.search(
            [
                ("product_id", "=", env.ref("kia_parts.part_headlamp").id),
                ("location_id", "=", stock.id),
            ],
            limit=1,
        )
        headlamp.inventory_quantity = 0
        # Sign-offs waiting for the parts manager (tier validation): the headlamp's count,
        # a box of cabin filters more than ordered on the order on its way.
        headlamp.filtered("kia_above_threshold").with_user(clerk).request_validation()
        on_its_way = env["purchase.order"].search(
            [
                ("state", "=", "purchase"),
                ("order_line.product_id", "=", ref("part_cabin_filter").id),
                ("picking_ids.state", "=", "assigned"),
            ],
            limit=1,
        )
        over = on_its_way.picking_ids.move_ids.filtered(
            lambda move: move.product_id == ref("part_cabin_filter")
        )
        if over:
            over.quantity = over.product_uom_qty + 4
            over.picking_id.with_user(clerk).request_validation()
        # The nightly job: movement classes and the min/max of each part in the warehouse;
        # the clerk orders one of the Replenishment screen's suggestions (a draft RFQ) and
        # sends it to the parts manager for his sign-off; the others wait on the screen.
        env["product.template"]._cron_kia_movement_class()
        suggestion = env["stock.warehouse.orderpoint"].search(
            [("kia_managed", "=", True), ("product_id", "=", ref("part_battery").id)], limit=1
        )
        if suggestion.qty_to_order > 0:
            suggestion.action_replenish()
            env["purchase.order"].search(
                [
                    ("state", "=", "draft"),
                    ("kia_order_type", "=", "stock"),
                    ("order_line.product_id", "=", ref("part_battery").id),
                ],
                limit=1,
            ).with_user(clerk).request_validation()
        return True

    @api.model
    def _generate_replenishment_history(self, env, parts):
        """The manufacturer as vendor of every part (its dealer price), a pack of 4 spark
        plugs, and a year of counter demand (sold month after month from stock counted in
        before), from which the nightly job sets the parts' min/max."""
        supplier = env.company.kia_parts_supplier_id
        env["product.supplierinfo"].create(
            [
                {
                    "partner_id": supplier.id,
                    "product_tmpl_id": part.product_tmpl_id.id,
                    "price": part.standard_price,
                    "delay": env.company.kia_stock_order_lead_days,
                }
                for part in parts
                if supplier and not part.seller_ids
            ]
        )
        plug = env.ref("kia_aftersales.part_spark_plug")
        env["product.packaging"].create({"name": "Box of 4", "product_id": plug.id, "qty": 4})
        stock = env.ref("stock.stock_location_stock")
        customers = env.ref("stock.stock_location_customers")
        now = fields.Datetime.now()
        history = {"part_battery": 1, "part_brake_disc": 1, "part_spark_plug": 4, "part_wiper": 2}
        for xmlid, per_month in history.items():
            product = env.ref(f"kia_aftersales.{xmlid}")
            quant = (
                env["stock.quant"]
                .with_context(inventory_mode=True)
                .create(
                    {
                        "product_id": product.id,
                        "location_id": stock.id,
                        "inventory_quantity": product.with_context(location=stock.id).qty_available
                        + 12 * per_month,
                    }
                )
            )
            quant.action_apply_inventory()
            moves = env["stock.move"].create(
                [
                    {
                        "name": "Counter sale",
                        "product_id": product.id,
                        "product_uom_qty": per_month,
                        "product_uom": product.uom_id.id,
                        "location_id": stock.id,
                        "location_dest_id": customers.id,
                    }
                    for _month in range(12)
                ]
            )
            moves._action_confirm()
            moves._action_assign()
            for move in moves:
                move.quantity = move.product_uom_qty
            moves.picked = True
            moves._action_done()
            for month, move in enumerate(moves, start=1):
                move.date = move.move_line_ids.date = now - timedelta(days=30 * month)
