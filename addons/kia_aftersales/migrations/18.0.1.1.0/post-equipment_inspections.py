"""Equipment inspections on Odoo's recurring maintenance (issue 10, item 6).

The ledger's own interval (``kia_inspection_months``, dropped by Odoo at the end of the
upgrade) and last inspection date (now read from the done preventive requests), put aside
by pre-equipment_inspections, become maintenance requests, and our daily cron (a
``noupdate`` record) goes:

- an equipment with an interval gets a recurring preventive request every that many
  months, planned on its next inspection date (its open preventive request, opened by the
  old cron, becomes recurring instead);
- its last inspection date, when no done preventive request carries it, becomes a done
  preventive request closed on that date, so that the ledger keeps showing it."""

from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api
from odoo.tools import sql


def _schedule(equipment, date):
    """09:00 on ``date`` where the equipment's company is, in UTC (as Odoo stores it)."""
    tz = pytz.timezone(equipment.company_id.sudo()._kia_tz())
    local = tz.localize(datetime.combine(date, time(9)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False, "tracking_disable": True})
    cron = env.ref("kia_aftersales.ir_cron_kia_equipment_inspections", False)
    if cron:
        cron.unlink()
    if not sql.table_exists(cr, "kia_equipment_inspection_pre"):
        return
    cr.execute("SELECT id, months, last FROM kia_equipment_inspection_pre")
    rows = {row[0]: row[1:] for row in cr.fetchall()}
    Request = env["maintenance.request"]
    equipments = env["maintenance.equipment"].browse(rows)
    requests = Request.search(
        [("equipment_id", "in", equipments.ids), ("maintenance_type", "=", "preventive")]
    )
    done_stage = env["maintenance.stage"].search([("done", "=", True)], order="sequence", limit=1)
    to_create = []
    for equipment in equipments:
        months, last = rows[equipment.id]
        mine = requests.filtered(lambda r, e=equipment: r.equipment_id == e and not r.archive)
        closed = mine.filtered(lambda r: r.stage_id.done and r.close_date)
        if last and done_stage and not any(d >= last for d in closed.mapped("close_date")):
            to_create.append(
                {
                    "name": env._("Periodic inspection: %(equipment)s", equipment=equipment.name),
                    "equipment_id": equipment.id,
                    "company_id": equipment.company_id.id,
                    "maintenance_type": "preventive",
                    "request_date": last,
                    "close_date": last,
                    "stage_id": done_stage.id,
                }
            )
        if not months:
            continue
        recurrence = {
            "recurring_maintenance": True,
            "repeat_interval": months,
            "repeat_unit": "month",
            "repeat_type": "forever",
        }
        planned = mine.filtered(lambda r: not r.stage_id.done)
        if planned:
            planned.sorted(lambda r: (r.schedule_date or datetime.max, r.id))[:1].write(recurrence)
            continue
        since = last or equipment.effective_date
        to_create.append(
            {
                "name": env._("Periodic inspection: %(equipment)s", equipment=equipment.name),
                "equipment_id": equipment.id,
                "company_id": equipment.company_id.id,
                "maintenance_type": "preventive",
                "schedule_date": _schedule(equipment, since + relativedelta(months=months)),
                **recurrence,
            }
        )
    Request.create(to_create)
    # The dates are now computed from the requests: recompute every equipment's.
    equipments = env["maintenance.equipment"].search([])
    for name in (
        "kia_last_inspection_date",
        "kia_next_inspection_date",
        "kia_inspection_request_id",
    ):
        env.add_to_compute(equipments._fields[name], equipments)
    equipments.flush_recordset()
    cr.execute("DROP TABLE kia_equipment_inspection_pre")
