import base64

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.kia_parts.tests.common import KiaPartsCase


class KiaWarrantyCase(KiaPartsCase):
    """The parts dealer, with a warranty policy, a warranty clerk and manager, an
    accountant, and the manufacturer's accounts set up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_wclerk = new_test_user(
            cls.env, "kia_w_clerk", groups="kia_warranty.group_warranty_clerk", name="Clerk Sun"
        )
        cls.user_wmanager = new_test_user(
            cls.env,
            "kia_w_manager",
            groups="kia_warranty.group_warranty_manager",
            name="Warranty Manager Ma",
        )
        cls.user_accountant = new_test_user(
            cls.env,
            "kia_w_accountant",
            groups="account.group_account_user,account.group_account_manager",
            name="Accountant Qian",
        )
        Account = cls.env["account.account"]
        cls.account_labour = Account.create(
            {"name": "Warranty labour income", "code": "600101", "account_type": "income"}
        )
        cls.account_parts = Account.create(
            {"name": "Warranty parts income", "code": "600102", "account_type": "income"}
        )
        cls.account_writeoff = Account.create(
            {"name": "Warranty write-off", "code": "660101", "account_type": "expense"}
        )
        cls.company.write(
            {
                "kia_warranty_partner_id": cls.kia.id,
                "kia_warranty_labour_rate": 200.0,
                "kia_warranty_handling_percent": 10.0,
                "kia_warranty_duplicate_days": 90,
                "kia_warranty_submission_days": 30,
                "kia_warranty_return_days": 60,
                "kia_warranty_labour_account_id": cls.account_labour.id,
                "kia_warranty_parts_account_id": cls.account_parts.id,
                "kia_warranty_writeoff_account_id": cls.account_writeoff.id,
            }
        )
        ref = cls.env.ref
        cls.group_basic = ref("kia_warranty.component_group_basic")
        cls.group_powertrain = ref("kia_warranty.component_group_powertrain")
        cls.group_first = ref("kia_warranty.component_group_first_free")
        # Only the test's policy applies (demo policies of the company are archived).
        cls.env["kia.warranty.policy"].search([("company_id", "=", cls.company.id)]).active = False
        cls.policy = cls.env["kia.warranty.policy"].create(
            {
                "name": "Test policy",
                "company_id": cls.company.id,
                "photos_required": 1,
                "first_service_allowance": 250.0,
                "line_ids": [
                    Command.create(
                        {"component_group_id": cls.group_basic.id, "months": 36, "km": 100000}
                    ),
                    Command.create(
                        {"component_group_id": cls.group_powertrain.id, "months": 60, "km": 150000}
                    ),
                    Command.create(
                        {"component_group_id": cls.group_first.id, "months": 6, "km": 5000}
                    ),
                ],
            }
        )
        (cls.op_brakes | cls.op_oil | cls.op_ev).kia_warranty_group_id = cls.group_basic
        cls.defect = cls.env["kia.warranty.defect.code"].create(
            {"code": "T-D01", "name": "Worn prematurely"}
        )
        cls.bank_journal = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "bank")], limit=1
        )

    def _claim(self, **kwargs):
        """The claim created when a warranty brake job's order passes QC."""
        kwargs.setdefault("jobs", [(self.op_brakes, "warranty")])
        order = self._passed(**kwargs)
        claim = self.env["kia.warranty.claim"].search(
            [("repair_id", "=", order.id)], order="id", limit=1
        )
        self.assertTrue(claim, "a claim is created when the work order passes QC")
        return claim

    def _complete(self, claim):
        """What the clerk adds before submission: codes, a photo, the old part."""
        claim.with_user(self.user_wclerk).write(
            {"defect_code_ids": [Command.set(self.defect.ids)], "cause": "Pads worn"}
        )
        self.env["ir.attachment"].create(
            {
                "name": "photo.jpg",
                "datas": base64.b64encode(b"jpeg"),
                "res_model": claim._name,
                "res_id": claim.id,
            }
        )
        claim.with_user(self.user_wclerk).action_kia_receive_old_part()
        return claim

    def _submitted(self, **kwargs):
        claim = self._complete(self._claim(**kwargs))
        claim.with_user(self.user_wclerk).action_submit()
        return claim

    def _approved_claim(self, **kwargs):
        claim = self._submitted(**kwargs)
        claim.with_user(self.user_wclerk).action_kia_record_decision()
        return claim

    def _months_ago(self, months):
        return self.today - relativedelta(months=months)
