import importlib.util
from pathlib import Path

from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import KiaAftersalesCase

MIGRATION = Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.1.0" / "pre-migrate.py"


@tagged("post_install", "-at_install")
class TestAdvisor(KiaAftersalesCase):
    """The service advisor of a work order is repair's own Responsible (``user_id``):
    the one field the Kia screens show, filter and group on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_advisor_2 = new_test_user(
            cls.env, "kia_a_advisor_2", groups="kia_aftersales.group_advisor", name="Advisor Wu"
        )

    def _arch(self, view_type, view_xmlid=None):
        view = self.env.ref(view_xmlid).id if view_xmlid else False
        views = (
            self.env["repair.order"]
            .with_user(self.user_advisor)
            .get_views([(view, view_type)])["views"]
        )
        return etree.fromstring(views[view_type]["arch"])

    def test_one_advisor_field(self):
        self.assertNotIn("kia_advisor_id", self.env["repair.order"]._fields)
        order = (
            self.env["repair.order"]
            .with_user(self.user_advisor)
            .create({"kia_vehicle_id": self.vehicle.id})
        )
        self.assertEqual(order.user_id, self.user_advisor, "repair's default: the current user")
        self.assertTrue(order._fields["user_id"].tracking)

    def test_my_work_orders_filter_is_on_user_id(self):
        mine = self._order()
        theirs = self._order()
        theirs.user_id = self.user_advisor_2
        [my_filter] = self._arch("search").xpath("//filter[@name='my_work_orders']")
        domain = safe_eval(my_filter.get("domain"), {"uid": self.user_advisor.id})
        self.assertEqual(domain, [("user_id", "=", self.user_advisor.id)])
        found = self.env["repair.order"].with_user(self.user_advisor).search(domain)
        self.assertIn(mine, found)
        self.assertNotIn(theirs, found)

    def test_form_shows_user_id_as_service_advisor(self):
        form = self._arch("form", "kia_aftersales.repair_order_view_form")
        [field] = form.xpath("//field[@name='user_id']")
        self.assertEqual(field.get("string"), "Service Advisor")
        self.assertFalse(field.get("invisible"), "shown on vehicle work orders")
        self.assertFalse(form.xpath("//field[@name='kia_advisor_id']"))
        for view_type, xmlid in (
            ("list", "kia_aftersales.repair_order_view_list"),
            ("kanban", "kia_aftersales.repair_order_view_kanban"),
            ("pivot", "kia_aftersales.repair_order_view_pivot"),
        ):
            self.assertTrue(self._arch(view_type, xmlid).xpath("//field[@name='user_id']"))

    def test_follow_up_goes_to_the_advisor(self):
        order = self._passed(jobs=[(self.op_brakes, "warranty")])
        order.user_id = self.user_advisor_2
        self.company.kia_followup_user_id = False
        order._kia_deliver()
        followup = order.kia_followup_ids
        self.assertEqual(followup.advisor_id, self.user_advisor_2)
        self.assertEqual(followup.user_id, self.user_advisor_2)

    def test_estimate_names_the_advisor(self):
        order = self._order()
        order.user_id = self.user_advisor_2
        template = self.company.kia_sms_template_estimate_id
        body = template._render_field("body", order.ids)[order.id]
        self.assertIn("Advisor Wu", body)

    def test_migration_copies_the_advisor(self):
        """The pre-migrate script of 18.0.1.1.0, on a database that still has the column:
        the advisor shown on a vehicle work order wins over the hidden Responsible; a
        plain repair keeps its Responsible unless it had none."""
        vehicle_order = self._order()
        plain = self.env["repair.order"].create({"partner_id": self.customer.id})
        orphan = self.env["repair.order"].create({"partner_id": self.customer.id})
        template = self.env["sms.template"].create(
            {
                "name": "Advisor",
                "model_id": self.env["ir.model"]._get_id("repair.order"),
                "body": "Your advisor {{ object.kia_advisor_id.name }}",
            }
        )
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("ALTER TABLE repair_order ADD COLUMN kia_advisor_id int4")
        cr.execute(
            "UPDATE repair_order SET kia_advisor_id = %s WHERE id IN %s",
            [self.user_advisor_2.id, (vehicle_order | plain | orphan)._ids],
        )
        cr.execute("UPDATE repair_order SET user_id = NULL WHERE id = %s", [orphan.id])
        spec = importlib.util.spec_from_file_location("kia_aftersales_pre_migrate", MIGRATION)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(vehicle_order.user_id, self.user_advisor_2)
        self.assertEqual(plain.user_id, self.env.user)
        self.assertEqual(orphan.user_id, self.user_advisor_2)
        self.assertEqual(template.body, "Your advisor {{ object.user_id.name }}")
