"""The service process over HTTP, as the dealer's staff drive it from the web client
(demo users of the test database)."""

import datetime

import pytest
from conftest import RpcError


def _tomorrow_at(hour):
    day = datetime.datetime.utcnow() + datetime.timedelta(days=60)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).strftime("%Y-%m-%d %H:%M:%S")


def test_advisor_books_receives_and_gets_approval(login):
    advisor = login("advisor")
    [vehicle] = advisor.call(
        "fleet.vehicle",
        "search_read",
        [["kia_owner_id", "!=", False]],
        ["kia_owner_id", "odometer"],
        limit=1,
    )
    operation_id = advisor.call("kia.labour.operation", "search", [["code", "=", "M-OIL"]])[0]
    appointment_id = advisor.call(
        "kia.appointment",
        "create",
        {
            "partner_id": vehicle["kia_owner_id"][0],
            "vehicle_id": vehicle["id"],
            "start": _tomorrow_at(2),
            "labour_operation_ids": [[6, 0, [operation_id]]],
        },
    )
    advisor.call("kia.appointment", "action_confirm", [appointment_id])
    action = advisor.call("kia.appointment", "action_create_work_order", [appointment_id])
    order_id = action["res_id"]
    advisor.call(
        "repair.order", "write", [order_id], {"kia_checkin_odometer": vehicle["odometer"] + 321}
    )
    advisor.call("repair.order", "action_kia_check_in", [order_id])
    advisor.call("repair.order", "action_kia_send_estimate", [order_id])
    wizard_id = advisor.call(
        "kia.approval.wizard",
        "create",
        {"approved_by": "E2E customer", "method": "phone"},
        context={"lang": "en_US", "default_repair_id": order_id},
    )
    advisor.call("kia.approval.wizard", "action_confirm", [wizard_id])
    [order] = advisor.call(
        "repair.order",
        "read",
        [order_id],
        ["state", "kia_stage", "kia_amount_customer", "kia_checkin_odometer", "kia_checkin_date"],
    )
    assert order["kia_checkin_date"], "checked in"
    assert order["kia_checkin_odometer"] == vehicle["odometer"] + 321
    [after] = advisor.call("fleet.vehicle", "read", [vehicle["id"]], ["odometer"])
    assert after["odometer"] == vehicle["odometer"] + 321, "the reading is in the vehicle's history"
    assert order["state"] == "confirmed"
    assert order["kia_stage"] in ("in_progress", "waiting_parts")
    assert order["kia_amount_customer"] > 0


def test_odometer_going_back_is_refused_and_nothing_changes(login):
    advisor = login("advisor")
    [vehicle] = advisor.call(
        "fleet.vehicle",
        "search_read",
        [["kia_owner_id", "!=", False], ["odometer", ">", 1000]],
        ["odometer"],
        limit=1,
    )
    order_id = advisor.call(
        "repair.order",
        "create",
        {"kia_vehicle_id": vehicle["id"], "kia_checkin_odometer": vehicle["odometer"] - 500},
    )
    with pytest.raises(RpcError) as error:
        advisor.call("repair.order", "action_kia_check_in", [order_id])
    assert "never goes back" in error.value.message
    [order] = advisor.call("repair.order", "read", [order_id], ["kia_checkin_date"])
    assert order["kia_checkin_date"] is False


def test_technician_sees_own_jobs_without_prices(login):
    technician = login("technician")
    jobs = technician.call("kia.job.line", "search_read", [], ["technician_ids", "concern"])
    employee_ids = technician.call("hr.employee", "search", [["user_id", "=", technician.uid]])
    assert jobs, "the demo technician has jobs today"
    assert all(set(job["technician_ids"]) & set(employee_ids) for job in jobs)
    with pytest.raises(RpcError) as error:
        technician.call("kia.job.line", "read", [jobs[0]["id"]], ["labour_amount"])
    assert error.value.name == "odoo.exceptions.AccessError"


def test_chinese_user_gets_chinese_messages(login):
    advisor = login("advisor", lang="zh_CN")
    with pytest.raises(RpcError) as error:
        advisor.call(
            "fleet.vehicle",
            "create",
            {
                "model_id": advisor.call("fleet.vehicle.model", "search", [], limit=1)[0],
                "vin_sn": "LJDKAA24XR00000",
            },
        )
    assert "VIN" in error.value.message
    assert "17" in error.value.message
    assert any("\u4e00" <= char <= "\u9fff" for char in error.value.message)


def test_parts_clerk_cannot_confirm_orders_the_manager_can(login):
    clerk = login("parts2")
    draft = clerk.call(
        "purchase.order",
        "search",
        [["state", "=", "draft"], ["kia_order_type", "!=", False]],
        limit=1,
    )
    assert draft, "the demo has a draft parts order (ordered from the Replenishment screen)"
    with pytest.raises(RpcError) as error:
        clerk.call("purchase.order", "button_confirm", draft)
    assert "Only the parts manager confirms" in error.value.message
    [order] = clerk.call("purchase.order", "read", draft, ["state"])
    assert order["state"] == "draft"


@pytest.mark.parametrize("user", ["manager", "advisor", "advisor2", "foreman", "parts", "parts2"])
def test_every_staff_member_can_write_in_a_work_orders_chatter(login, user):
    """Demo staff who work on work orders have an email address, so the chatter accepts
    their notes (customer relations and the information coordinator only read them)."""
    client = login(user)
    order_id = client.call("repair.order", "search", [["kia_vehicle_id", "!=", False]], limit=1)[0]
    message_id = client.call(
        "repair.order", "message_post", [order_id], body="E2E note", message_type="comment"
    )
    assert message_id
