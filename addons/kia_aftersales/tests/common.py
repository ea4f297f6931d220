from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL

from odoo.addons.kia_aftersales.models.fleet_vehicle import vin_check_digit
from odoo.addons.kia_training.tests.common import KiaTestMixin


def make_vin(serial, prefix="LJDKAA24", year="R"):
    """A valid VIN (ISO 3779 check digit) for test vehicles."""
    body = f"{prefix}0{year}0{serial:06d}"
    return body[:8] + vin_check_digit(body) + body[9:]


def insert_facts(env, rows):
    """KPI fact rows as a source would write them (the fact table is written in SQL only):
    the input of the scorecards, exports and dashboards in their tests."""
    for row in rows:
        row = {"res_id": 0, "source": "time_log"} | row
        env.cr.execute(
            SQL(
                "INSERT INTO kia_kpi_fact (%s) VALUES %s",
                SQL(", ").join(SQL.identifier(c) for c in row),
                tuple(row.values()),
            )
        )
    env["kia.kpi.fact"].invalidate_model()


class KiaAftersalesCase(KiaTestMixin, TransactionCase):
    """A dealer built from scratch: roles, certified technicians, a customer's vehicle,
    labour operations and parts in stock. Independent of the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tracking_disable=True))
        cls.company = cls.env.company
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.company.write(
            {
                "kia_labour_rate": 300.0,
                "kia_followup_days": 3,
                "kia_first_service_months": 6,
                "kia_first_service_km": 5000,
                "kia_service_interval_months": 6,
                "kia_service_interval_km": 10000,
                "kia_basic_warranty_months": 36,
                "kia_basic_warranty_km": 100000,
            }
        )
        # Roles
        group = "kia_aftersales.group_"
        cls.user_advisor = new_test_user(
            cls.env, "kia_a_advisor", groups=group + "advisor", name="Advisor Yang"
        )
        cls.user_foreman = new_test_user(
            cls.env, "kia_a_foreman", groups=group + "foreman", name="Foreman Liu"
        )
        cls.user_manager = new_test_user(
            cls.env, "kia_a_manager", groups=group + "service_manager", name="Manager Wang"
        )
        cls.user_cr = new_test_user(
            cls.env, "kia_a_cr", groups=group + "customer_relations", name="CR Hu"
        )
        cls.user_info = new_test_user(
            cls.env, "kia_a_info", groups=group + "info_coordinator", name="Info Zhu"
        )
        cls.user_tech = new_test_user(
            cls.env, "kia_a_tech", groups=group + "technician", name="Tech Chen"
        )
        cls.user_tech2 = new_test_user(
            cls.env, "kia_a_tech2", groups=group + "technician", name="Tech Zhou"
        )
        cls.user_tech3 = new_test_user(
            cls.env, "kia_a_tech3", groups=group + "technician", name="Tech Wu"
        )
        # Certifications: Chen holds EV, Zhou does not; Wu holds nothing.
        Type = cls.env["kia.certification.type"]
        cls.type_ev = Type.create({"name": "Test EV HV", "code": "TAEV", "validity_months": 24})
        Employee = cls.env["hr.employee"]
        cls.emp_advisor = Employee.create({"name": "Advisor Yang", "user_id": cls.user_advisor.id})
        cls.emp_foreman = Employee.create({"name": "Foreman Liu", "user_id": cls.user_foreman.id})
        cls.emp_tech = Employee.create({"name": "Tech Chen", "user_id": cls.user_tech.id})
        cls.emp_tech2 = Employee.create({"name": "Tech Zhou", "user_id": cls.user_tech2.id})
        cls.emp_tech3 = Employee.create({"name": "Tech Wu", "user_id": cls.user_tech3.id})
        # The workshop day has started: the technicians checked in this morning (Odoo
        # Attendances); they clock on jobs only while checked in.
        cls._check_in(cls.emp_tech | cls.emp_tech2 | cls.emp_tech3)
        cls.env["hr.resume.line"].create(
            {
                "employee_id": cls.emp_tech.id,
                "kia_certification_type_id": cls.type_ev.id,
                "date_start": cls.today - relativedelta(months=1),
                "date_end": cls.today + relativedelta(months=23),
            }
        )
        # Labour operations and parts
        Operation = cls.env["kia.labour.operation"]
        cls.op_oil = Operation.create(
            {"code": "T-OIL", "name": "Oil change", "category": "maintenance", "flagged_hours": 0.8}
        )
        cls.op_brakes = Operation.create(
            {"code": "T-PADS", "name": "Brake pads", "category": "mechanical", "flagged_hours": 1.2}
        )
        cls.op_ev = Operation.create(
            {
                "code": "T-EVC",
                "name": "EV coolant",
                "category": "ev",
                "flagged_hours": 1.5,
                "requirement_ids": [Command.create({"certification_type_id": cls.type_ev.id})],
            }
        )
        cls.op_first = Operation.create(
            {
                "code": "T-FFS",
                "name": "First free maintenance",
                "category": "maintenance",
                "flagged_hours": 1.0,
                "is_first_free_service": True,
            }
        )
        cls.stock_location = cls.env.ref("stock.stock_location_stock")
        cls.part_filter = cls._part("Test oil filter", 80.0, 10)
        cls.part_pads = cls._part("Test brake pads", 480.0, 4)
        # Customer and vehicle
        cls.customer = cls.env["res.partner"].create(
            {"name": "Customer Li", "mobile": "+86 13800000001", "email": "li@example.com"}
        )
        cls.model_k5 = cls.env.ref("kia_aftersales.model_kia_k5")
        cls.vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.model_k5.id,
                "license_plate": "沪A T0001",
                "vin_sn": make_vin(1),
                "kia_owner_id": cls.customer.id,
                "kia_sale_date": cls.today - relativedelta(months=2),
            }
        )
        cls.env["fleet.vehicle.odometer"].create(
            {
                "vehicle_id": cls.vehicle.id,
                "value": 3000,
                "date": cls.today - relativedelta(days=30),
            }
        )

    @classmethod
    def _check_in(cls, employees, at=None):
        """``employees`` check in at the workshop (hr.attendance) at ``at`` (default: this
        morning, 10 hours ago), those not checked in already."""
        Attendance = cls.env["hr.attendance"]
        checked_in = Attendance.search(
            [("employee_id", "in", employees.ids), ("check_out", "=", False)]
        ).employee_id
        at = at or fields.Datetime.now() - timedelta(hours=10)
        return Attendance.create(
            [{"employee_id": employee.id, "check_in": at} for employee in employees - checked_in]
        )

    @classmethod
    def _part(cls, name, price, quantity):
        product = cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "list_price": price,
                "standard_price": price / 2,
                "invoice_policy": "delivery",
            }
        )
        if quantity:
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock_location, quantity)
        return product

    def _csi_answers(self, followup, choice):
        """Answers to every question of the follow-up's CSI questionnaire: the choice of
        index ``choice`` (0: the worst, -1: the best)."""
        return {
            question.id: question.suggested_answer_ids.sorted("sequence")[choice].id
            for question in followup.survey_id.sudo().question_ids
        }

    def _order(self, jobs=None, vehicle=None, odometer=4000, parts=True):
        """A checked-in work order; ``jobs``: list of (operation, pay type)."""
        jobs = jobs or [(self.op_oil, "customer"), (self.op_brakes, "warranty")]
        order = self.env["repair.order"].create(
            {
                "kia_vehicle_id": (vehicle or self.vehicle).id,
                "user_id": self.user_advisor.id,
                "kia_checkin_odometer": odometer,
                "kia_promised_date": fields.Datetime.now() + timedelta(hours=4),
                "kia_job_line_ids": [
                    Command.create(
                        {
                            "concern": operation.name,
                            "labour_operation_id": operation.id,
                            "pay_type": pay,
                        }
                    )
                    for operation, pay in jobs
                ],
            }
        )
        if parts:
            part_of = {self.op_oil: self.part_filter, self.op_brakes: self.part_pads}
            self.env["stock.move"].create(
                [
                    {
                        "repair_id": order.id,
                        "product_id": part_of[job.labour_operation_id].id,
                        "product_uom_qty": 1,
                        "repair_line_type": "add",
                        "kia_job_line_id": job.id,
                    }
                    for job in order.kia_job_line_ids
                    if job.labour_operation_id in part_of
                ]
            )
        order.action_kia_check_in()
        return order

    def _approved(self, **kwargs):
        order = self._order(**kwargs)
        order.action_kia_send_estimate()
        order._kia_record_approval("Customer Li", "phone")
        return order

    def _issue_parts(self, order):
        """The parts department hands the order's parts to the workshop. Only with
        kia_parts installed, where a vehicle work order is completed with issued parts
        only (its Issue action, 配件发料)."""
        moves = order.move_ids.filtered(
            lambda m: m.repair_line_type == "add" and m.state not in ("done", "cancel")
        )
        group = self.env.ref("kia_parts.group_parts_clerk", raise_if_not_found=False)
        if not moves or not group:
            return
        clerk = self.env["res.users"].search([("login", "=", "kia_a_parts_issuer")])
        if not clerk:
            clerk = new_test_user(
                self.env, "kia_a_parts_issuer", groups="kia_parts.group_parts_clerk"
            )
        moves.with_user(clerk).action_kia_issue()

    def _worked(self, technician=None, **kwargs):
        """An approved order whose jobs were all done by ``technician`` (Chen), with the
        parts issued to the workshop."""
        return self._work(self._approved(**kwargs), technician)

    def _work(self, order, technician=None):
        """The parts of the approved ``order`` issued, its jobs dispatched to
        ``technician`` (Chen), checked in at the workshop, and done by him."""
        self._issue_parts(order)
        self._check_in(technician or self.emp_tech)
        user = (technician or self.emp_tech).user_id
        order.kia_job_line_ids.with_user(self.user_foreman).action_dispatch(
            technician or self.emp_tech
        )
        for job in order.kia_job_line_ids:
            job.with_user(user).action_clock_on()
            job.with_user(user).write({"correction": "Done"})
            job.with_user(user).action_finish()
        return order

    def _pass_quality_check(self, order):
        self.env["kia.quality.check"].create(
            {"repair_id": order.id, "inspector_id": self.emp_foreman.id, "result": "pass"}
        )
        return order

    def _passed(self, **kwargs):
        return self._pass_quality_check(self._worked(**kwargs))

    def _pay(self, order):
        order.action_kia_invoice()
        invoices = order.sale_order_id.invoice_ids
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({})._create_payments()
        return invoices
