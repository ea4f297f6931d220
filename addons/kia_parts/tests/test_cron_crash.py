from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.kia_parts.models.product_template import ProductTemplate

from .common import KiaPartsCase


class Killed(Exception):
    """The server dies in the middle of a call: its transaction is rolled back."""


@tagged("post_install", "-at_install")
class TestCronCrash(KiaPartsCase):
    """The nightly parts job under the scheduler, killed in the middle of a batch (see
    tests/crash/crashtest.py for the same against a real server killed with SIGKILL): the
    batches committed before stay done, the killed one is redone alone on the next run,
    nothing is done twice and the result is what a run without a crash leaves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Template = cls.env["product.template"].with_context(active_test=False)
        cls.cron = cls.env.ref("kia_parts.ir_cron_kia_movement_class")
        cls._issue_filters(3)

    @classmethod
    def _issue_filters(cls, quantity):
        """Demand for the filter: done moves from stock to a customer."""
        stock = cls.env.ref("stock.stock_location_stock")
        cls.env["stock.quant"]._update_available_quantity(cls.part_filter, stock, 50)
        moves = cls.env["stock.move"].create(
            [
                {
                    "name": "Test counter sale",
                    "product_id": cls.part_filter.id,
                    "product_uom_qty": 1,
                    "location_id": stock.id,
                    "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
                    "company_id": cls.company.id,
                }
                for _i in range(quantity)
            ]
        )
        moves._action_confirm()
        moves.write({"quantity": 1, "picked": True})
        moves._action_done()

    def _full_run_expected(self):
        """Every part of every company: the number of classifications of a full run."""
        companies = self.env["res.company"].sudo().search([])
        companies.write({"kia_movement_class_date": False, "kia_movement_class_run_date": False})
        return sum(
            self.Template.search_count(
                [("kia_is_part", "=", True), ("company_id", "in", (False, company.id))]
            )
            for company in companies
        )

    def _call(self, batch_size=2):
        """One call of the scheduler, with its progress record."""
        progress = self.env["ir.cron.progress"].create({"cron_id": self.cron.id})
        self.Template.with_context(ir_cron_progress_id=progress.id)._cron_kia_movement_class(
            batch_size=batch_size
        )
        return progress

    def _values(self):
        self.env.invalidate_all()
        parts = self.Template.search([("kia_is_part", "=", True)], order="id")
        self.env.cr.execute(
            "SELECT id, kia_movement_class, kia_issues_12m, kia_demand_12m "
            "FROM product_template WHERE id IN %s ORDER BY id",
            [tuple(parts.ids)],
        )
        return self.env.cr.fetchall()

    def test_killed_batch_is_redone_alone(self):
        expected = self._full_run_expected()
        written = []
        original = ProductTemplate._kia_write_movement_classes

        def record(template_self, company, template_ids, since, today):
            written.extend((company.id, template_id) for template_id in template_ids)
            return original(template_self, company, template_ids, since, today)

        def killed(template_self, company, template_ids, since, today):
            original(template_self, company, template_ids, since, today)
            raise Killed()

        with patch.object(ProductTemplate, "_kia_write_movement_classes", record):
            first = self._call()
        self.assertEqual(first.done, 2)
        self.assertEqual(first.remaining, 1)
        running = (
            self.env["res.company"].sudo().search([("kia_movement_class_run_date", "!=", False)])
        )
        cursors = {company.id: company.kia_movement_class_run_cursor for company in running}
        self.assertTrue(any(cursors.values()), "the first batch is committed with its cursor")
        # The second call dies after writing its batch, before the scheduler commits it.
        with (
            patch.object(ProductTemplate, "_kia_write_movement_classes", killed),
            self.assertRaises(Killed),
            self.env.cr.savepoint(),
        ):
            self._call()
        self.env.invalidate_all()
        self.assertEqual(
            {company.id: company.kia_movement_class_run_cursor for company in running},
            cursors,
            "the killed batch left nothing: the cursor is where the committed batch left it",
        )
        # The scheduler calls again until the run is complete.
        calls = [first]
        with patch.object(ProductTemplate, "_kia_write_movement_classes", record):
            for _i in range(expected):
                progress = self._call()
                calls.append(progress)
                if not progress.remaining:
                    break
        self.assertEqual(sum(progress.done for progress in calls), expected)
        self.assertEqual(len(written), expected, "each part of each company classified once")
        self.assertEqual(len(set(written)), expected, "none twice")
        self.assertFalse(
            self.env["res.company"].sudo().search([("kia_movement_class_run_date", "!=", False)]),
            "the run is complete",
        )
        filter_tmpl = self.part_filter.product_tmpl_id
        self.assertEqual(filter_tmpl.with_company(self.company).kia_movement_class, "fast")
        self.assertEqual(filter_tmpl.with_company(self.company).kia_issues_12m, 3)
        after_crash = self._values()
        # A clean run (no crash), again on the whole catalogue, leaves the same.
        self._full_run_expected()
        self.Template._cron_kia_movement_class()
        self.assertEqual(self._values(), after_crash)

    def test_run_again_changes_nothing(self):
        """Idempotent: the job run twice on the same data leaves the same values and
        replenishment rules, without duplicating any rule."""
        self._full_run_expected()
        self.Template._cron_kia_movement_class()
        values = self._values()
        Orderpoint = self.env["stock.warehouse.orderpoint"].with_context(active_test=False)
        rules = Orderpoint.search_read(
            [("kia_managed", "=", True)],
            ["product_id", "location_id", "product_min_qty", "product_max_qty", "active"],
            order="id",
        )
        self._full_run_expected()
        self.Template._cron_kia_movement_class()
        self.assertEqual(self._values(), values)
        self.assertEqual(
            Orderpoint.search_read(
                [("kia_managed", "=", True)],
                ["product_id", "location_id", "product_min_qty", "product_max_qty", "active"],
                order="id",
            ),
            rules,
        )
