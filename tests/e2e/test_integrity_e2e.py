"""The rules hold whatever the path: each test takes the way around a button that a client
(an integration, a curious user with the browser's console) has over JSON-RPC, as a demo
login of the role that would abuse it, and checks that the server refuses with a clear
message and that nothing was written."""

import pytest
from conftest import RpcError


def _refused(call, *args, **kwargs):
    with pytest.raises(RpcError) as error:
        call(*args, **kwargs)
    assert error.value.name in (
        "odoo.exceptions.UserError",
        "odoo.exceptions.ValidationError",
        "odoo.exceptions.AccessError",
    ), error.value.name
    assert error.value.message
    return error.value.message


def _one(client, model, domain, fields, order=None):
    records = client.call(model, "search_read", domain, fields, limit=1, order=order)
    assert records, f"the demo database has a {model} matching {domain}"
    return records[0]


def test_advisor_cannot_write_what_the_workflow_owns(login):
    advisor = login("advisor")
    order = _one(
        advisor,
        "repair.order",
        [["kia_vehicle_id", "!=", False], ["state", "=", "under_repair"]],
        ["kia_qc_state", "kia_rework_count", "kia_amount_customer"],
    )
    for values in (
        {"kia_qc_state": "passed"},
        {"kia_rework_count": 0 if order["kia_rework_count"] else 3},
        {"kia_amount_customer": 0.0},
    ):
        _refused(advisor.call, "repair.order", "write", [order["id"]], values)
    [after] = advisor.call(
        "repair.order",
        "read",
        [order["id"]],
        ["kia_qc_state", "kia_rework_count", "kia_amount_customer"],
    )
    assert after == order


def test_advisor_cannot_forge_a_customer_approval(login):
    advisor = login("advisor")
    order = _one(
        advisor,
        "repair.order",
        [["kia_vehicle_id", "!=", False], ["state", "=", "draft"]],
        ["state"],
    )
    before = advisor.call("kia.work.order.approval", "search_count", [])
    _refused(
        advisor.call,
        "kia.work.order.approval",
        "create",
        {
            "repair_id": order["id"],
            "kind": "estimate",
            "approved_by": "Nobody",
            "method": "phone",
        },
    )
    assert advisor.call("kia.work.order.approval", "search_count", []) == before
    [after] = advisor.call("repair.order", "read", [order["id"]], ["state"])
    assert after["state"] == "draft"


def test_checked_in_work_order_cannot_be_deleted(login):
    manager = login("manager")
    order = _one(
        manager,
        "repair.order",
        [["kia_checkin_date", "!=", False], ["state", "=", "draft"]],
        ["name"],
    )
    _refused(manager.call, "repair.order", "unlink", [order["id"]])
    assert manager.call("repair.order", "search_count", [["id", "=", order["id"]]]) == 1


def test_parts_clerk_cannot_write_a_parts_order_to_confirmed(login):
    clerk = login("parts2")
    order = _one(clerk, "purchase.order", [["state", "=", "draft"]], ["state", "name"])
    _refused(clerk.call, "purchase.order", "write", [order["id"]], {"state": "purchase"})
    _refused(clerk.call, "purchase.order", "button_approve", [order["id"]])
    [after] = clerk.call("purchase.order", "read", [order["id"]], ["state"])
    assert after["state"] == "draft"


def test_parts_clerk_cannot_rewrite_stock_on_hand(login):
    clerk = login("parts2")
    quant = _one(
        clerk,
        "stock.quant",
        [["location_id.usage", "=", "internal"], ["quantity", ">", 0]],
        ["quantity"],
    )
    _refused(
        clerk.call, "stock.quant", "write", [quant["id"]], {"quantity": quant["quantity"] + 50}
    )
    [after] = clerk.call("stock.quant", "read", [quant["id"]], ["quantity"])
    assert after["quantity"] == quant["quantity"]


def test_technician_cannot_certify_himself(login):
    technician = login("technician")
    [me] = technician.call("res.users", "read", [technician.uid], ["employee_id"])
    cert_type = _one(technician, "kia.certification.type", [], ["name"])
    before = technician.call("hr.resume.line", "search_count", [])
    _refused(
        technician.call,
        "hr.resume.line",
        "create",
        {
            "employee_id": me["employee_id"][0],
            "name": "Self-made certificate",
            "kia_certification_type_id": cert_type["id"],
            "date_start": "2026-01-01",
        },
    )
    assert technician.call("hr.resume.line", "search_count", []) == before


def test_technician_does_not_read_customers_contact_details(login):
    advisor = login("advisor")
    customer = _one(
        advisor, "res.partner", [["mobile", "!=", False], ["customer_rank", ">", 0]], ["mobile"]
    )
    technician = login("technician")
    with pytest.raises(RpcError):
        technician.call("res.partner", "read", [customer["id"]], ["mobile", "street"])


def test_advisor_registers_a_walk_in_customer(login):
    advisor = login("advisor")
    partner_id = advisor.call(
        "res.partner",
        "create",
        {"name": "E2E Walk-in Customer", "mobile": "+86 139 0000 0001"},
    )
    [partner] = advisor.call("res.partner", "read", [partner_id], ["name", "mobile"])
    assert partner["name"] == "E2E Walk-in Customer"


def test_advisor_cannot_register_a_payment(login):
    advisor = login("advisor")
    invoice = _one(
        login("manager"),
        "account.move",
        [["move_type", "=", "out_invoice"], ["state", "=", "posted"]],
        ["payment_state"],
    )
    with pytest.raises(RpcError):
        advisor.call(
            "account.payment.register",
            "create",
            {},
            context={"active_model": "account.move", "active_ids": [invoice["id"]]},
        )
