"""Benchmark: N warranty claims created from job lines, invoiced to the manufacturer in one
batch, and a remittance of the same size imported and reconciled. Prints time and SQL
queries per claim for each step and the ratio of the largest size to the smallest.

    .venv/bin/python tests/bench/bench_warranty.py DATABASE [N ...]

The work orders are set up directly (their flow has its own benchmark): N orders with a
warranty job done and the quality check passed. Run it on a scratch copy of the test
database (scripts/bench.sh does): it commits.
"""

import csv
import io
import sys
import time
from datetime import timedelta
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tools import config

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = {"tracking_disable": True, "mail_notrack": True, "lang": "en_US"}


def setup(env, count, serial):
    """``count`` work orders, each with a finished warranty job and a fitted part, their
    quality check passed; returns their job lines."""
    company = env.company
    operation = env["kia.labour.operation"].search([("code", "=", "BENCH-W")], limit=1)
    if not operation:
        operation = env["kia.labour.operation"].create(
            {"code": "BENCH-W", "name": "Bench warranty job", "flagged_hours": 1.5}
        )
        part = env["product.product"].create(
            {"name": "Bench warranty part", "is_storable": True, "standard_price": 200.0}
        )
        env["stock.quant"]._update_available_quantity(
            part, env.ref("stock.stock_location_stock"), 1000000
        )
        technician = env["hr.employee"].create({"name": "Bench warranty tech"})
        env["res.partner"].create({"name": "Bench manufacturer", "is_company": True})
    part = env["product.product"].search([("name", "=", "Bench warranty part")], limit=1)
    technician = env["hr.employee"].search([("name", "=", "Bench warranty tech")], limit=1)
    vehicle = env["fleet.vehicle"].search([("kia_warranty_start", "!=", False)], limit=1)
    vehicle.kia_warranty_start = fields.Date.today() - timedelta(days=200)
    orders = env["repair.order"].create(
        [
            {
                "kia_vehicle_id": vehicle.id,
                "partner_id": vehicle.kia_owner_id.id,
                "kia_checkin_odometer": vehicle.odometer or 1000,
                "kia_job_line_ids": [
                    Command.create(
                        {
                            "concern": f"Bench concern {serial + i}",
                            "cause": "Worn",
                            "correction": "Replaced",
                            "labour_operation_id": operation.id,
                            "pay_type": "warranty",
                        }
                    )
                ],
            }
            for i in range(count)
        ]
    )
    jobs = orders.kia_job_line_ids
    env["stock.move"].create(
        [
            {
                "repair_id": job.repair_id.id,
                "product_id": part.id,
                "product_uom_qty": 1,
                "repair_line_type": "add",
                "kia_job_line_id": job.id,
            }
            for job in jobs
        ]
    )
    env.flush_all()
    # The flow's result, written directly: jobs done by the technician, QC passed.
    env.cr.execute(
        "UPDATE kia_job_line SET state = 'done', done_date = now() WHERE id = ANY(%s)",
        [jobs.ids],
    )
    env.cr.execute(
        "INSERT INTO hr_employee_kia_job_line_rel (kia_job_line_id, hr_employee_id) "
        "SELECT unnest(%s), %s",
        [jobs.ids, technician.id],
    )
    env.cr.execute(
        "UPDATE repair_order SET kia_qc_state = 'passed' WHERE id = ANY(%s)", [orders.ids]
    )
    env.invalidate_all()
    company.kia_warranty_partner_id = env["res.partner"].search(
        [("name", "=", "Bench manufacturer")], limit=1
    )
    return jobs


def measure(env, step):
    env.flush_all()
    env.invalidate_all()
    before, start = env.cr.sql_log_count, time.perf_counter()
    result = step()
    env.flush_all()
    return result, time.perf_counter() - start, env.cr.sql_log_count - before


def run(registry, count, serial):
    figures = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
        jobs = setup(env, count, serial)
        cr.commit()
        claims, seconds, queries = measure(env, jobs._kia_create_warranty_claims)
        assert len(claims) == count, len(claims)
        figures["create"] = (seconds, queries)
        cr.commit()
        # The manufacturer's approval (its own flow is tested): as the flow writes it.
        claims.sudo().write({"state": "approved", "submitted_date": fields.Date.today()})
        for line in claims.line_ids:
            line.sudo().amount_approved = line.amount_requested
        cr.commit()
        invoice, seconds, queries = measure(env, claims._kia_invoice)
        figures["invoice"] = (seconds, queries)
        cr.commit()
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(["claim_number", "approved_amount", "paid_amount", "rejection_reason"])
        writer.writerows((c.name, c.amount_approved, c.amount_approved, "") for c in claims)
        content = stream.getvalue().encode()
        __, seconds, queries = measure(
            env,
            lambda: env["kia.warranty.remittance"]._kia_import(content, f"bench_{serial}.csv"),
        )
        figures["import"] = (seconds, queries)
        assert invoice.payment_state == "paid", invoice.payment_state
        cr.commit()
    return figures


def main():
    database = sys.argv[1]
    sizes = [int(n) for n in sys.argv[2:]] or [100, 1000]
    config.parse_config(["-c", str(ROOT / "odoo.conf"), "-d", database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    results = {}
    serial = 0
    for count in sizes:
        results[count] = run(registry, count, serial)
        serial += count
    print(f"{'N':>5} {'step':>8} {'ms/claim':>10} {'queries/claim':>14}")
    for count, steps in results.items():
        for name, (seconds, queries) in steps.items():
            print(f"{count:>5} {name:>8} {seconds * 1000 / count:>10.1f} {queries / count:>14.1f}")
    small, large = min(results), max(results)
    for name in results[small]:
        time_ratio = (results[large][name][0] / large) / (results[small][name][0] / small)
        query_ratio = (results[large][name][1] / large) / (results[small][name][1] / small)
        print(
            f"{name:>8}: per claim at {large} / at {small}: time {time_ratio:.2f}, "
            f"queries {query_ratio:.2f}"
        )
    return results


if __name__ == "__main__":
    main()
