"""Bad input against the running server (issue 13, item 6): the suite's JSON-RPC calls
and portal pages answered with wrong types, missing fields, oversized strings, negative
and huge numbers, another company's and another customer's ids. Each must get a clear
error (a UserError, ValidationError, AccessError or MissingError over JSON-RPC; a 4xx, or
the page again with the message, on the portal), never a server error or a traceback in
the portal's HTML, and nothing is written (counts and records read before and after)."""

import datetime
import re

import pytest
from conftest import RpcError

CLEAR_ERRORS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
}
HUGE = 10**15
LONG = "x" * 1_000_000
# What a bad input must not change: counts of the suite's records.
COUNTED = [
    "repair.order",
    "kia.job.line",
    "kia.job.time.log",
    "kia.appointment",
    "fleet.vehicle.odometer",
    "stock.move.line",
    "kia.rescue",
    "helpdesk.ticket",
    "kia.warranty.claim",
    "kia.warranty.remittance",
]


def _in_days(days, hour=3):
    day = datetime.datetime.utcnow() + datetime.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture(scope="module")
def world(server, login):
    """The users, a work order of each kind of state the calls need, and a second company
    with a vehicle and a second customer's records (built by the administrator)."""
    admin = login("admin")
    advisor = login("advisor")
    customer = login("customer")
    me = admin.call("res.users", "read", [customer.uid], ["partner_id"])[0]["partner_id"][0]
    my_vehicle = admin.call("fleet.vehicle", "search", [["kia_owner_id", "=", me]], limit=1)[0]
    other_vehicle, other_owner = next(
        (vehicle["id"], vehicle["kia_owner_id"][0])
        for vehicle in admin.call(
            "fleet.vehicle",
            "search_read",
            [["kia_owner_id", "not in", [me, False]]],
            ["kia_owner_id"],
            limit=5,
        )
    )
    other_order = admin.call(
        "repair.order",
        "search",
        [["partner_id", "!=", me], ["kia_vehicle_id", "!=", False]],
        limit=1,
    )[0]
    other_rescue = admin.call("kia.rescue", "search", [["partner_id", "!=", me]], limit=1)
    # Another dealer of the group, with a vehicle and a labour operation of its own.
    company2 = admin.call("res.company", "create", {"name": "Kia Bad Input Dealer"})
    admin.call("res.users", "write", [admin.uid], {"company_ids": [[4, company2]]})
    context2 = {"lang": "en_US", "allowed_company_ids": [company2]}
    model_id = admin.call("fleet.vehicle.model", "search", [], limit=1)[0]
    vehicle2 = admin.call(
        "fleet.vehicle",
        "create",
        {"model_id": model_id, "company_id": company2, "license_plate": "沪Z BAD01"},
        context=context2,
    )
    operation2 = admin.call(
        "kia.labour.operation",
        "create",
        {"code": "BAD-OP", "name": "Other dealer's operation", "company_id": company2},
        context=context2,
    )
    # An approved work order of our dealer with a job and a part to issue.
    [vehicle] = admin.call("fleet.vehicle", "read", [my_vehicle], ["odometer"])
    order = advisor.call(
        "repair.order",
        "create",
        {
            "kia_vehicle_id": my_vehicle,
            "kia_checkin_odometer": vehicle["odometer"] + 10,
            "kia_job_line_ids": [[0, 0, {"concern": "Bad input job", "pay_type": "internal"}]],
        },
    )
    job = advisor.call("repair.order", "read", [order], ["kia_job_line_ids"])[0][
        "kia_job_line_ids"
    ][0]
    return {
        "admin": admin,
        "advisor": advisor,
        "customer": customer,
        "technician": login("technician"),
        "parts": login("parts"),
        "me": me,
        "my_vehicle": my_vehicle,
        "other_vehicle": other_vehicle,
        "other_owner": other_owner,
        "other_order": other_order,
        "other_rescue": other_rescue[0] if other_rescue else None,
        "vehicle2": vehicle2,
        "operation2": operation2,
        "order": order,
        "job": job,
    }


def _snapshot(world):
    admin = world["admin"]
    counts = {model: admin.call(model, "search_count", []) for model in COUNTED}
    [order] = admin.call(
        "repair.order",
        "read",
        [world["order"]],
        ["kia_checkin_odometer", "state", "kia_vehicle_id", "write_date"],
    )
    [job] = admin.call(
        "kia.job.line", "read", [world["job"]], ["flagged_hours", "state", "write_date"]
    )
    [vehicle] = admin.call(
        "fleet.vehicle", "read", [world["my_vehicle"]], ["odometer", "write_date"]
    )
    return counts, order, job, vehicle


def _rpc_cases(w):
    """(description, user, model, method, args, kwargs)"""
    order, job = w["order"], w["job"]
    return [
        (
            "odometer as text",
            "advisor",
            "repair.order",
            "write",
            [[order], {"kia_checkin_odometer": "abc"}],
            {},
        ),
        (
            "negative odometer",
            "advisor",
            "repair.order",
            "write",
            [[order], {"kia_checkin_odometer": -100}],
            {},
        ),
        (
            "huge odometer",
            "advisor",
            "repair.order",
            "write",
            [[order], {"kia_checkin_odometer": HUGE}],
            {},
        ),
        ("job without concern", "advisor", "kia.job.line", "create", [{"repair_id": order}], {}),
        (
            "negative flagged hours",
            "advisor",
            "kia.job.line",
            "write",
            [[job], {"flagged_hours": -3}],
            {},
        ),
        (
            "huge flagged hours",
            "advisor",
            "kia.job.line",
            "write",
            [[job], {"flagged_hours": HUGE}],
            {},
        ),
        (
            "flagged hours as a list",
            "advisor",
            "kia.job.line",
            "write",
            [[job], {"flagged_hours": [1, 2]}],
            {},
        ),
        ("oversized concern", "advisor", "kia.job.line", "write", [[job], {"concern": LONG}], {}),
        (
            "job state written by a client",
            "advisor",
            "kia.job.line",
            "write",
            [[job], {"state": "done"}],
            {},
        ),
        (
            "another dealer's vehicle",
            "advisor",
            "repair.order",
            "create",
            [{"kia_vehicle_id": w["vehicle2"], "kia_checkin_odometer": 10}],
            {},
        ),
        (
            "another dealer's labour operation",
            "advisor",
            "kia.job.line",
            "write",
            [[job], {"labour_operation_id": w["operation2"]}],
            {},
        ),
        (
            "another dealer's vehicle read",
            "advisor",
            "fleet.vehicle",
            "read",
            [[w["vehicle2"]], ["license_plate"]],
            {},
        ),
        (
            "a job id that does not exist",
            "advisor",
            "kia.job.line",
            "write",
            [[2_000_000_000], {"cause": "x"}],
            {},
        ),
        (
            "clock on a job not dispatched to him",
            "technician",
            "kia.job.line",
            "action_clock_on",
            [[job]],
            {},
        ),
        (
            "issue a negative quantity",
            "parts",
            "stock.move",
            "action_kia_issue",
            [[]],
            {"quantity": -1},
        ),
        (
            "portal user writes a work order",
            "customer",
            "repair.order",
            "write",
            [[order], {"kia_checkin_odometer": 5}],
            {},
        ),
        (
            "portal user reads another customer's work order",
            "customer",
            "repair.order",
            "read",
            [[w["other_order"]], ["name"]],
            {},
        ),
        (
            "portal user books over JSON-RPC",
            "customer",
            "kia.appointment",
            "create",
            [{"partner_id": w["me"], "vehicle_id": w["my_vehicle"], "start": _in_days(40)}],
            {},
        ),
        (
            "appointment without customer",
            "advisor",
            "kia.appointment",
            "create",
            [{"vehicle_id": w["my_vehicle"], "start": _in_days(41)}],
            {},
        ),
        (
            "appointment of another customer's vehicle",
            "advisor",
            "kia.appointment",
            "create",
            [{"partner_id": w["me"], "vehicle_id": w["other_vehicle"], "start": _in_days(42)}],
            {},
        ),
        (
            "appointment of negative duration",
            "advisor",
            "kia.appointment",
            "create",
            [
                {
                    "partner_id": w["me"],
                    "vehicle_id": w["my_vehicle"],
                    "start": _in_days(43),
                    "duration": -2,
                }
            ],
            {},
        ),
        (
            "appointment at a date that is not one",
            "advisor",
            "kia.appointment",
            "create",
            [{"partner_id": w["me"], "vehicle_id": w["my_vehicle"], "start": "next tuesday"}],
            {},
        ),
    ]


def test_bad_json_rpc_input_gets_a_clear_error_and_changes_nothing(world):
    users = {name: world[name] for name in ("advisor", "technician", "parts", "customer")}
    cases = _rpc_cases(world)
    # A part of the order to issue: the parts clerk's bad quantities go to its move.
    moves = world["admin"].call("stock.move", "search", [["repair_id", "=", world["order"]]])
    failures = []
    for description, user, model, method, args, kwargs in cases:
        if method == "action_kia_issue" and not moves:
            args = [[2_000_000_000]]
        elif method == "action_kia_issue":
            args = [moves[:1]]
        before = _snapshot(world)
        try:
            users[user].call(model, method, *args, **kwargs)
        except RpcError as error:
            if error.name not in CLEAR_ERRORS:
                failures.append(f"{description}: {error.name}: {error.message[:200]}")
        else:
            failures.append(f"{description}: accepted")
        if _snapshot(world) != before:
            failures.append(f"{description}: something changed")
    print(f"\nbad JSON-RPC inputs: {len(cases)} sent, {len(cases) - len(failures)} refused cleanly")
    assert not failures, "\n".join(failures)


def _csrf(session, url):
    page = session.get(f"{url}/my/appointments", timeout=60)
    return re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)


def test_bad_portal_input_gets_a_clear_answer_and_changes_nothing(server, world):
    session = world["customer"].session
    other_rescue = world["other_rescue"] or 2_000_000_000
    pages = [
        (
            "another customer's work order",
            f"/my/work-orders/{world['other_order']}",
            "/my/work-orders",
        ),
        ("a work order that does not exist", "/my/work-orders/2000000000", "/my/work-orders"),
        ("a work order id out of range", f"/my/work-orders/{HUGE}", "/my/work-orders"),
        ("a work order id that is text", "/my/work-orders/abc", None),
        ("another customer's rescue", f"/my/rescues/{other_rescue}", None),
        ("a rescue id that is negative", "/my/rescues/-1", None),
    ]
    soon = (datetime.datetime.now() + datetime.timedelta(days=60)).strftime("%Y-%m-%dT10:00")
    bookings = [
        (
            "booking another customer's vehicle",
            {"vehicle_id": world["other_vehicle"], "start": soon},
        ),
        ("booking another dealer's vehicle", {"vehicle_id": world["vehicle2"], "start": soon}),
        ("booking without a vehicle", {"start": soon}),
        ("booking without a time", {"vehicle_id": world["my_vehicle"]}),
        ("booking a vehicle id that is text", {"vehicle_id": "abc", "start": soon}),
        (
            "booking a time that is not one",
            {"vehicle_id": world["my_vehicle"], "start": "yesterday-ish"},
        ),
        ("booking in the past", {"vehicle_id": world["my_vehicle"], "start": "2001-01-01T10:00"}),
        (
            "booking in the year 9999",
            {"vehicle_id": world["my_vehicle"], "start": "9999-12-31T23:59"},
        ),
        (
            "booking with a 1 MB request",
            {"vehicle_id": world["my_vehicle"], "start": soon, "request_text": LONG},
        ),
    ]
    failures = []
    for description, path, redirected_to in pages:
        before = _snapshot(world)
        response = session.get(f"{server}{path}", timeout=60)
        if redirected_to:
            if not response.url.endswith(redirected_to):
                failures.append(f"{description}: {response.status_code} at {response.url}")
        elif not 400 <= response.status_code < 500:
            failures.append(f"{description}: {response.status_code}")
        if "Traceback" in response.text:
            failures.append(f"{description}: a traceback in the page")
        if _snapshot(world) != before:
            failures.append(f"{description}: something changed")
    for description, data in bookings:
        before = _snapshot(world)
        data = dict(data, csrf_token=_csrf(session, server))
        response = session.post(f"{server}/my/appointments/new", data=data, timeout=120)
        if response.status_code != 200 or "error=" not in response.url:
            failures.append(f"{description}: {response.status_code} at {response.url[:120]}")
        if "Traceback" in response.text:
            failures.append(f"{description}: a traceback in the page")
        if _snapshot(world) != before:
            failures.append(f"{description}: something changed")
    count = len(pages) + len(bookings)
    print(f"\nbad portal inputs: {count} sent, {count - len(failures)} answered cleanly")
    assert not failures, "\n".join(failures)
