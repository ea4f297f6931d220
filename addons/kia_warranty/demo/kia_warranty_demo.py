import base64
import csv
import io
import logging

from odoo import Command, api, models

_logger = logging.getLogger(__name__)

# A 1x1 JPEG stands for the photos the clerk takes of the failed part.
PHOTO = base64.b64encode(
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
)


class KiaWarrantyDemo(models.AbstractModel):
    """Demo data only: the demo month's warranty, recall and first free maintenance jobs
    become claims, run through pre-validation, the manufacturer's answers, a batch
    invoice and a partly paid remittance. A remittance file to try the import is left
    as an attachment on the manufacturer's partner."""

    _name = "kia.warranty.demo"
    _description = "Warranty Demo Data"

    @api.model
    def _generate(self):
        env = self.with_context(tracking_disable=True, lang="en_US").env
        company = env.company
        self._configure(company)
        claims = env["repair.order"]._cron_kia_create_warranty_claims()
        if not claims:
            _logger.warning("Warranty demo: no claimable job in the demo month.")
            return
        ref = env.ref
        codes = (
            ref("kia_warranty.defect_worn")
            | ref("kia_warranty.defect_leak")
            | ref("kia_warranty.defect_electrical")
        )
        claims = claims.sorted("repair_date")
        for index, claim in enumerate(claims):
            claim.write(
                {
                    "defect_code_ids": [Command.set(codes[index % len(codes)].ids)],
                    "cause": claim.cause or "Component failed in normal use",
                    "dtc_codes": "P0A80" if index % 3 == 0 else False,
                }
            )
            env["ir.attachment"].create(
                [
                    {
                        "name": f"photo_{n}.jpg",
                        "datas": PHOTO,
                        "res_model": claim._name,
                        "res_id": claim.id,
                    }
                    for n in (1, 2)
                ]
            )
            if claim.causal_part_id:
                claim.action_kia_receive_old_part()
            # The demo month is back-dated: the manager waives the deadline of old repairs.
            claim.action_kia_waive("deadline", "Demo month: repairs recorded late")
        # Leave the newest as drafts; submit the rest.
        drafts = claims[-2:]
        # A waiver the clerk asks the warranty manager to sign off (tier validation).
        drafts[-1:].with_user(ref("kia_warranty.user_warranty_clerk")).action_kia_request_waiver(
            "photos", "The photos were taken on the customer's phone; he sends them tomorrow"
        )
        to_submit = claims - drafts
        submitted = env["kia.warranty.claim"]
        for claim in to_submit:
            if not claim._kia_prevalidate()[claim]:
                claim.action_submit()
                submitted |= claim
        if len(submitted) < 6:
            _logger.warning("Warranty demo: only %s claims passed pre-validation.", len(submitted))
        # Answers: rejected, partly approved, approved.
        answered = submitted[:-1]  # the last stays with the manufacturer
        for index, claim in enumerate(answered):
            if index == 1:
                claim.action_kia_record_decision(
                    {line: 0.0 for line in claim.line_ids}, "Defect code does not match cause"
                )
            elif index == 2 and len(claim.line_ids) > 1:
                parts = claim.line_ids.filtered(lambda line: line.line_type == "part")
                claim.action_kia_record_decision(
                    {line: line.amount_requested * 0.8 for line in parts},
                    "Parts handling above the agreed rate",
                )
            else:
                claim.action_kia_record_decision()
        approved = answered.filtered(lambda c: c.state in ("approved", "partially_approved"))
        # A batch invoiced, then a remittance paying part of it.
        batch = approved.filtered(lambda c: c.state == "approved")[:-1]
        if batch:
            batch._kia_invoice()
            rows = [(c.name, c.amount_approved, c.amount_approved, "") for c in batch[:-1]]
            last = batch[-1:]
            if last:
                rows.append(
                    (last.name, last.amount_approved, round(last.amount_approved * 0.9, 2), "")
                )
            rows.append(("CLM/0000/99999", 100.0, 100.0, "Unknown claim"))
            env["kia.warranty.remittance"]._kia_import(self._csv(rows), "remittance_demo_paid.csv")
        # A claim cancelled by the clerk (a duplicate entry).
        if len(drafts) > 1:
            drafts[:1].action_cancel()
        # An old part returned, one scrapped; the others await the instruction.
        quarantined = claims.old_part_ids.filtered(lambda p: p.state == "quarantined")
        if len(quarantined) > 1:
            quarantined[:1].action_return()
        if len(quarantined) > 2:
            quarantined[1:2].action_scrap()
        # The file to try the import with: the approved claims not invoiced yet are
        # answered, the rejected one is listed again, and a line matches no claim.
        waiting = submitted.filtered(lambda c: c.state == "submitted")
        rows = [(c.name, c.amount_requested, 0.0, "") for c in waiting]
        rows += [("CLM/0000/88888", 50.0, 50.0, "")]
        env["ir.attachment"].create(
            {
                "name": "remittance_to_import.csv",
                "datas": base64.b64encode(self._csv(rows)),
                "res_model": "res.partner",
                "res_id": company._kia_warranty_partner().id,
                "mimetype": "text/csv",
            }
        )

    @api.model
    def _configure(self, company):
        Account = self.env["account.account"]

        def account(code, name, account_type):
            found = Account.search(
                [("code", "=", code), ("company_ids", "in", company.ids)], limit=1
            )
            return found or Account.create(
                {"code": code, "name": name, "account_type": account_type}
            )

        company.write(
            {
                "kia_warranty_labour_rate": 180.0,
                "kia_warranty_handling_percent": 12.0,
                "kia_warranty_labour_account_id": account(
                    "600161", "Warranty labour income (索赔工时收入)", "income"
                ).id,
                "kia_warranty_parts_account_id": account(
                    "600162", "Warranty parts income (索赔配件收入)", "income"
                ).id,
                "kia_warranty_writeoff_account_id": account(
                    "671161", "Warranty claims written off (索赔核销)", "expense"
                ).id,
            }
        )
        # Labour operations of the EV: the high-voltage battery coverage.
        ev_ops = self.env["kia.labour.operation"].search([("category", "=", "ev")])
        ev_ops.kia_warranty_group_id = self.env.ref("kia_warranty.component_group_hv_battery")

    @api.model
    def _csv(self, rows):
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(["claim_number", "approved_amount", "paid_amount", "rejection_reason"])
        writer.writerows(rows)
        return stream.getvalue().encode()
