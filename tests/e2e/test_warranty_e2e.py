"""Warranty claims to the manufacturer over HTTP, as the accountant and the warranty
clerk drive them from the web client (demo logins ``accountant`` and ``warranty``)."""

import base64

import pytest
from conftest import RpcError


def _remittance(rows):
    lines = ["claim_number,approved_amount,paid_amount,rejection_reason"]
    lines += [",".join(str(cell) for cell in row) for row in rows]
    return base64.b64encode("\n".join(lines).encode()).decode()


def _import(client, content, name="remittance.csv"):
    wizard_id = client.call(
        "kia.warranty.remittance.import", "create", {"file": content, "file_name": name}
    )
    return client.call("kia.warranty.remittance.import", "action_import", [wizard_id])


def test_accountant_invoices_and_reconciles_a_remittance(login):
    accountant = login("accountant")
    claims = accountant.call(
        "kia.warranty.claim",
        "search_read",
        [["state", "=", "approved"], ["invoice_id", "=", False]],
        ["name", "amount_approved"],
    )
    assert claims, "the demo has an approved claim not invoiced yet"
    claim = claims[0]
    wizard_id = accountant.call(
        "kia.warranty.invoice.wizard", "create", {"claim_ids": [[6, 0, [claim["id"]]]]}
    )
    action = accountant.call("kia.warranty.invoice.wizard", "action_confirm", [wizard_id])
    invoice_id = action["res_id"]
    [invoice] = accountant.call(
        "account.move", "read", [invoice_id], ["state", "move_type", "amount_total"]
    )
    assert invoice["state"] == "posted" and invoice["move_type"] == "out_invoice"
    assert invoice["amount_total"] == claim["amount_approved"]

    content = _remittance(
        [(claim["name"], claim["amount_approved"], claim["amount_approved"], "")]
        + [("CLM/E2E/404", 10, 10, "")]
    )
    action = _import(accountant, content)
    [remittance] = accountant.call(
        "kia.warranty.remittance", "read", [action["res_id"]], ["amount_paid", "unmatched_count"]
    )
    assert remittance["amount_paid"] == claim["amount_approved"]
    assert remittance["unmatched_count"] == 1
    [invoice] = accountant.call("account.move", "read", [invoice_id], ["payment_state"])
    assert invoice["payment_state"] == "paid"
    [paid] = accountant.call("kia.warranty.claim", "read", [claim["id"]], ["state", "amount_paid"])
    assert paid["state"] == "paid" and paid["amount_paid"] == claim["amount_approved"]

    # The same file again changes nothing.
    with pytest.raises(RpcError) as error:
        _import(accountant, content)
    assert "imported already" in error.value.message


def test_clerk_cannot_import_nor_pay_by_writing(login):
    clerk = login("warranty")
    [claim] = clerk.call(
        "kia.warranty.claim", "search_read", [["state", "=", "submitted"]], ["name"], limit=1
    )
    with pytest.raises(RpcError) as error:
        _import(clerk, _remittance([(claim["name"], 1, 1, "")]))
    assert error.value.name in ("odoo.exceptions.AccessError", "odoo.exceptions.UserError")
    with pytest.raises(RpcError):
        clerk.call("kia.warranty.claim", "write", [claim["id"]], {"state": "paid"})
    [again] = clerk.call("kia.warranty.claim", "read", [claim["id"]], ["state"])
    assert again["state"] == "submitted"


def test_advisor_sees_no_claim(login):
    advisor = login("advisor")
    with pytest.raises(RpcError) as error:
        advisor.call("kia.warranty.claim", "search_read", [], ["amount_requested"])
    assert error.value.name == "odoo.exceptions.AccessError"
