"""Benchmark: N work orders through the whole Kia flow against the same N through Odoo's
plain repair.order flow, with the same parts. Prints time and SQL queries per order.

    .venv/bin/python tests/bench/bench_work_orders.py DATABASE [N ...]

Each order runs in its own transaction, committed, as it would in the web client: run it on
a scratch copy of the test database (scripts/bench.sh does).
"""

import sys
import time
from datetime import timedelta
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tools import config

ROOT = Path(__file__).resolve().parents[2]


def vin(serial):
    from odoo.addons.kia_aftersales.models.fleet_vehicle import vin_check_digit

    body = f"LJDKAA2400B{serial:06d}"
    return body[:8] + vin_check_digit(body) + body[9:]


class Step:
    """Adds the time and the queries of a block to ``total`` ([seconds, queries]); the
    pending ORM writes are flushed inside, so that they count where they were made."""

    def __init__(self, cr, total):
        self.cr, self.total = cr, total

    def __enter__(self):
        self.queries = self.cr.sql_log_count
        self.start = time.perf_counter()

    def __exit__(self, *exc):
        api.Environment(self.cr, SUPERUSER_ID, {}).flush_all()
        self.total[0] += time.perf_counter() - self.start
        self.total[1] += self.cr.sql_log_count - self.queries


class Bench:
    def __init__(self, env):
        self.env = env
        self.steps = {}
        self.stock = env.ref("stock.stock_location_stock")
        self.customer = env["res.partner"].create({"name": "Bench customer"})
        self.parts = env["product.product"].create(
            [
                {
                    "name": f"Bench part {i}",
                    "is_storable": True,
                    "list_price": 100 + i,
                    "invoice_policy": "delivery",
                }
                for i in range(2)
            ]
        )
        for part in self.parts:
            env["stock.quant"]._update_available_quantity(part, self.stock, 100000)
        self.operation = env["kia.labour.operation"].create(
            {"code": "BENCH-1", "name": "Bench operation", "flagged_hours": 1.0}
        )
        self.technician_user = self._user(
            "Bench tech", "bench_tech", "kia_aftersales.group_technician"
        )
        self.technician = env["hr.employee"].create(
            {"name": "Bench tech", "user_id": self.technician_user.id, "hourly_cost": 60.0}
        )
        # He clocks on jobs while checked in to the workshop day (Odoo Attendances).
        env["hr.attendance"].create(
            {
                "employee_id": self.technician.id,
                "check_in": fields.Datetime.now().replace(microsecond=0) - timedelta(hours=1),
            }
        )
        self.inspector_user = self._user(
            "Bench inspector", "bench_inspector", "kia_aftersales.group_foreman"
        )
        self.inspector = env["hr.employee"].create(
            {"name": "Bench inspector", "user_id": self.inspector_user.id}
        )
        self.clerk_user = self._user(
            "Bench parts clerk", "bench_clerk", "kia_parts.group_parts_clerk"
        )
        self.labour = env.company._kia_labour_product()
        self.serial = 0
        self.vehicle = None

    def _user(self, name, login, group):
        """A user holding exactly the role ``group`` (with an email: he posts messages)."""
        return self.env["res.users"].create(
            {
                "name": name,
                "login": login,
                "email": f"{login}@example.com",
                "groups_id": [Command.set(self.env.ref(group).ids)],
            }
        )

    def bind(self, env):
        """The same fixtures in another transaction."""
        self.env = env
        for name in (
            "customer",
            "parts",
            "operation",
            "technician_user",
            "technician",
            "inspector",
            "inspector_user",
            "clerk_user",
            "labour",
            "vehicle",
        ):
            record = getattr(self, name)
            setattr(self, name, env[record._name].browse(record.ids))

    def _pay(self, invoices):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({})._create_payments()

    def step(self, flow, name):
        """Time and queries of one step of ``flow``, added up over the orders measured."""
        return Step(self.env.cr, self.steps.setdefault(flow, {}).setdefault(name, [0.0, 0]))

    def plain_flow(self):
        env, step = self.env, self.step
        with step("plain", "order and parts"):
            order = env["repair.order"].create({"partner_id": self.customer.id})
            env["stock.move"].create(
                [
                    {
                        "repair_id": order.id,
                        "product_id": part.id,
                        "product_uom_qty": 1,
                        "repair_line_type": "add",
                    }
                    for part in self.parts
                ]
            )
        with step("plain", "quotation"):
            order.action_create_sale_order()
            # The same labour as the Kia job's: an hour of the labour product.
            env["sale.order.line"].create(
                {
                    "order_id": order.sale_order_id.id,
                    "product_id": self.labour.id,
                    "product_uom_qty": self.operation.flagged_hours,
                    "price_unit": env.company.kia_labour_rate,
                }
            )
        with step("plain", "confirm"):
            order.action_validate()
            order.sale_order_id.action_confirm()
        with step("plain", "repair"):
            order.action_repair_start()
            order.action_repair_end()
        with step("plain", "invoice"):
            invoices = order.sale_order_id._create_invoices()
            invoices.action_post()
        with step("plain", "payment"):
            self._pay(invoices)

    def kia_prepare(self):
        """The customer's vehicle, registered at its sale or a previous visit (as the
        customer of both flows exists before the visit)."""
        self.serial += 1
        self.vehicle = self.env["fleet.vehicle"].create(
            {
                "model_id": self.env.ref("kia_aftersales.model_kia_k5").id,
                "vin_sn": vin(self.serial),
                "kia_owner_id": self.customer.id,
            }
        )

    def kia_flow(self):
        env, step = self.env, self.step
        with step("kia", "order and parts"):
            order = env["repair.order"].create(
                {
                    "kia_vehicle_id": self.vehicle.id,
                    "kia_checkin_odometer": 1000,
                    "kia_job_line_ids": [
                        Command.create(
                            {"concern": "Bench job", "labour_operation_id": self.operation.id}
                        ),
                    ],
                }
            )
            job = order.kia_job_line_ids
            env["stock.move"].create(
                [
                    {
                        "repair_id": order.id,
                        "product_id": part.id,
                        "product_uom_qty": 1,
                        "repair_line_type": "add",
                        "kia_job_line_id": job.id,
                    }
                    for part in self.parts
                ]
            )
        with step("kia", "check-in"):
            order.action_kia_check_in()
        with step("kia", "quotation"):
            order.action_kia_send_estimate()
        with step("kia", "confirm"):
            order._kia_record_approval("Bench customer", "phone")
        with step("kia", "dispatch"):
            job.action_dispatch(self.technician)
        with step("kia", "issue parts"):
            order.move_ids.with_user(self.clerk_user).action_kia_issue()
        with step("kia", "repair"):
            job.with_user(self.technician_user).action_clock_on()
            job.with_user(self.technician_user).write({"correction": "Done"})
            job.with_user(self.technician_user).action_finish()
        with step("kia", "quality check"):
            env["kia.quality.check"].with_user(self.inspector_user).create(
                {"repair_id": order.id, "result": "pass"}
            )
        with step("kia", "invoice"):
            invoices = order._kia_create_invoices()
        with step("kia", "payment"):
            self._pay(invoices)
        with step("kia", "delivery"):
            order._kia_deliver()

    def measure(self, registry, flows, count):
        """Time and queries per order of each of ``flows`` ({name: flow}), ``count`` orders
        each, one transaction per order. The flows take turns, order after order, so that
        both meet the same database (it grows with every order) and the same machine."""
        totals = {name: [0.0, 0] for name in flows}
        for _i in range(count):
            for name, flow in flows.items():
                with registry.cursor() as cr:
                    self.bind(api.Environment(cr, SUPERUSER_ID, CONTEXT))
                    # What exists before the customer's visit (his vehicle) is not measured.
                    prepare = getattr(self, f"{name}_prepare", None)
                    if prepare:
                        prepare()
                        self.env.flush_all()
                    before = cr.sql_log_count
                    start = time.perf_counter()
                    flow()
                    self.env.flush_all()
                    totals[name][0] += time.perf_counter() - start
                    totals[name][1] += cr.sql_log_count - before
                    cr.commit()
        return {
            name: (seconds / count, queries / count) for name, (seconds, queries) in totals.items()
        }


CONTEXT = {"lang": "en_US", "kia_skip_notify": True, "tracking_disable": True}


def print_steps(count, steps):
    """Per step of each flow: ms and queries per order."""
    print(f"N={count}, per order and step:")
    for flow, flow_steps in steps.items():
        for name, (seconds, queries) in flow_steps.items():
            ms, per_order = seconds * 1000 / count, queries / count
            print(f"  {flow:>6} {name:<16} {ms:>8.1f} ms {per_order:>7.1f} q")


def main():
    database = sys.argv[1]
    sizes = [int(n) for n in sys.argv[2:]] or [10, 200]
    config.parse_config(["-c", str(ROOT / "odoo.conf"), "-d", database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    results = {}
    with registry.cursor() as cr:
        bench = Bench(api.Environment(cr, SUPERUSER_ID, CONTEXT))
        bench.plain_flow()  # warm the caches
        bench.kia_prepare()
        bench.kia_flow()
        cr.commit()
    for count in sizes:
        bench.steps = {}
        results[count] = bench.measure(
            registry, {"plain": bench.plain_flow, "kia": bench.kia_flow}, count
        )
        print_steps(count, bench.steps)
    print(f"{'N':>5} {'flow':>6} {'ms/order':>10} {'queries/order':>14}")
    for count, flows in results.items():
        for name, (seconds, queries) in flows.items():
            print(f"{count:>5} {name:>6} {seconds * 1000:>10.1f} {queries:>14.1f}")
        print(
            f"{count:>5}  ratio kia/plain: time {flows['kia'][0] / flows['plain'][0]:.2f}, "
            f"queries {flows['kia'][1] / flows['plain'][1]:.2f}  (the Kia flow does check-in, "
            "estimate, approval, dispatch, clocking, quality check and delivery on top)"
        )
    return results


if __name__ == "__main__":
    main()
