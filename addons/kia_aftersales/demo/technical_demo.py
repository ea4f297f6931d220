from odoo import api, models

# The technical cases of the demo: (labour operation of the job, symptoms, trouble codes,
# what was tried, the manufacturer's answer or None, close the case).
CASES = [
    (
        "op_gds",
        "发动机故障灯常亮，冷车怠速抖动，热车后消失 (MIL on, rough idle when cold only).",
        "P0301, P0171",
        "Read codes with GDS, swapped coils 1 and 2 (misfire stayed on cylinder 1), "
        "checked fuel pressure: 3.8 bar, in specification.",
        "<p>Known issue on this engine series: carbon deposits on the intake valves of "
        "cylinder 1. Perform the intake cleaning procedure of TSB-K5-2026-011 and update "
        "the ECU to the latest calibration.</p>",
        True,
    ),
    (
        "op_adas",
        "车道保持系统间歇性报警 (lane keeping assist drops out intermittently on the "
        "highway, warning on the cluster).",
        "U0100, C1690",
        "Front camera calibrated with the target board twice; wiring to the camera "
        "checked, no fault found.",
        "<p>Replace the front view camera bracket (adhesive failure) and recalibrate; "
        "claim under warranty with reference KCN-TS-2026-0877.</p>",
        False,
    ),
    (
        "op_ev_iccu",
        "充电时12V蓄电池报警，交流充电中断 (12 V battery warning while charging, AC "
        "charging stops after a few minutes).",
        "P1A6D, P1AA4",
        "ICCU fuse checked, 12 V battery tested good, charging tried on two wall boxes.",
        None,
        False,
    ),
    (
        "op_dct",
        "起步时有顿挫，低速换挡冲击 (jerks when pulling away, harsh 1-2 shift).",
        "",
        "Clutch touch-point adaptation performed with GDS, road test: still jerks.",
        None,
        False,
    ),
]


class KiaTechnicalDemo(models.AbstractModel):
    """Demo data only: technical cases raised by the demo foreman from the demo's work
    orders, the manufacturer's answers recorded, and the information coordinator's
    quality feedback reports (one sent, one draft), all through the real flows."""

    _name = "kia.technical.demo"
    _description = "Technical Support Demo Data"

    @api.model
    def _generate(self):
        env = self.with_context(kia_skip_notify=True, tracking_disable=True, mail_notrack=True).env
        Ticket = env["helpdesk.ticket"]
        if Ticket.search_count([("kia_kind", "=", "technical")], limit=1):
            return True
        foreman = env.ref("kia_aftersales.user_foreman")
        info = env.ref("kia_aftersales.user_info_coordinator")
        cases = Ticket
        answered = Ticket
        for op_xmlid, symptoms, codes, tried, answer, close in CASES:
            job = env["kia.job.line"].search(
                [
                    ("labour_operation_id", "=", env.ref(f"kia_aftersales.{op_xmlid}").id),
                    ("repair_id.kia_checkin_date", "!=", False),
                    ("state", "!=", "cancelled"),
                ],
                order="id desc",
                limit=1,
            )
            if not job:
                continue
            case = Ticket.with_user(foreman)._kia_raise_from_jobs(job.repair_id.browse(), job)
            case.write({"kia_symptoms": symptoms, "kia_dtc_codes": codes, "kia_tried": tried})
            cases |= case
            if op_xmlid == "op_dct":
                continue  # still a draft: the foreman is writing it
            case.action_kia_raise()
            if answer:
                case._kia_record_answer(
                    {
                        "answer": answer,
                        "manufacturer_ref": f"KCN-TS-2026-{800 + len(cases):04d}",
                        "answered_by": "Kia China technical hotline (起亚技术热线)",
                    }
                )
                answered |= case
            if close:
                case.write({"stage_id": Ticket._kia_technical_stages()["closed"].id})
        Report = env["kia.quality.report"].with_user(info)
        reports = Report.browse()
        for case in answered.with_user(info):
            reports |= Report.create(Report._kia_values_from_case(case))
        reports[:1].action_send()
        return True
