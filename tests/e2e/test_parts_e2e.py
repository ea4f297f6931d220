"""The parts department over HTTP, as its staff and the workshop drive it from the web
client (demo users of the test database), and a car owner on the customer portal."""

import pytest
import requests
from conftest import RpcError


def _part(client, code, fields=("qty_available", "list_price")):
    [part] = client.call(
        "product.product", "search_read", [["default_code", "=", code]], list(fields)
    )
    return part


def test_counter_sale_takes_parts_off_the_shelf(login):
    clerk = login("parts2")
    wiper = _part(clerk, "98350-L2000")
    customer_id = clerk.call("res.partner", "search", [["name", "=", "周敏"]])[0]
    order_id = clerk.call(
        "sale.order",
        "create",
        {
            "partner_id": customer_id,
            "kia_counter_sale": True,
            "order_line": [[0, 0, {"product_id": wiper["id"], "product_uom_qty": 2}]],
        },
    )
    clerk.call("sale.order", "action_confirm", [order_id])
    [order] = clerk.call("sale.order", "read", [order_id], ["picking_ids", "amount_untaxed"])
    assert order["amount_untaxed"] == 2 * wiper["list_price"]
    result = clerk.call("stock.picking", "button_validate", order["picking_ids"])
    assert result is True, f"validated without a wizard, got {result!r}"
    assert _part(clerk, "98350-L2000")["qty_available"] == wiper["qty_available"] - 2


def test_counter_sale_beyond_stock_is_refused_and_nothing_moves(login):
    clerk = login("parts2")
    wiper = _part(clerk, "98350-L2000")
    customer_id = clerk.call("res.partner", "search", [["name", "=", "周敏"]])[0]
    wanted = wiper["qty_available"] + 5
    order_id = clerk.call(
        "sale.order",
        "create",
        {
            "partner_id": customer_id,
            "kia_counter_sale": True,
            "order_line": [[0, 0, {"product_id": wiper["id"], "product_uom_qty": wanted}]],
        },
    )
    clerk.call("sale.order", "action_confirm", [order_id])
    [order] = clerk.call("sale.order", "read", [order_id], ["picking_ids"])
    moves = clerk.call("stock.move", "search", [["picking_id", "in", order["picking_ids"]]])
    clerk.call("stock.move", "write", moves, {"quantity": wanted, "picked": True})
    with pytest.raises(RpcError) as error:
        clerk.call("stock.picking", "button_validate", order["picking_ids"])
    assert "cannot be sold over the counter" in error.value.message
    assert _part(clerk, "98350-L2000")["qty_available"] == wiper["qty_available"]


def test_advisor_sees_price_and_availability_not_cost(login):
    advisor, clerk = login("advisor"), login("parts2")
    wiper = _part(advisor, "98350-L2000")
    assert wiper["list_price"] > 0 and wiper["qty_available"] >= 0
    # Cost is hidden in the views (the field stays readable for Odoo's own flows, such as
    # an accountant posting an invoice with anglo-saxon valuation).
    for model in ("product.template", "product.product"):
        views = advisor.call(model, "get_views", [[False, "form"], [False, "list"]])["views"]
        assert all('name="standard_price"' not in views[kind]["arch"] for kind in views)
        views = clerk.call(model, "get_views", [[False, "form"], [False, "list"]])["views"]
        assert all('name="standard_price"' in views[kind]["arch"] for kind in views)


def test_parts_reach_the_workshop_through_the_parts_department(login):
    clerk, technician = login("parts2"), login("technician")
    moves = clerk.call(
        "stock.move",
        "search_read",
        [
            ["repair_id.state", "in", ["confirmed", "under_repair"]],
            ["repair_id.kia_vehicle_id", "!=", False],
            ["repair_line_type", "=", "add"],
            ["state", "=", "assigned"],
        ],
        ["quantity", "kia_issued_qty", "product_uom_qty", "repair_id"],
        limit=1,
    )
    assert moves, "the demo has an approved work order with its parts in stock"
    move = moves[0]
    # Reserved is not issued: the parts clerk issues what remains.
    to_issue = move["product_uom_qty"] - move["kia_issued_qty"]
    assert to_issue > 0
    clerk.call("stock.move", "action_kia_issue", [move["id"]])
    clerk.call("stock.move", "action_kia_return", [move["id"]], 1)
    with pytest.raises(RpcError) as error:
        technician.call("stock.move", "write", [move["id"]], {"quantity": move["quantity"]})
    assert error.value.name in ("odoo.exceptions.AccessError", "odoo.exceptions.UserError")
    # Nor does the parts clerk hand parts over by editing the quantity: the Issue action does.
    with pytest.raises(RpcError) as error:
        clerk.call("stock.move", "write", [move["id"]], {"quantity": move["quantity"] + 50})
    assert "Issue / Return action" in error.value.message
    with pytest.raises(RpcError) as error:
        clerk.call("stock.move", "write", [move["id"]], {"kia_issued_qty": 50})
    [after] = clerk.call("stock.move", "read", [move["id"]], ["kia_issued_qty"])
    assert after["kia_issued_qty"] == move["product_uom_qty"] - 1, "nothing else was issued"
    clerk.call("stock.move", "action_kia_issue", [move["id"]], 1)
    [after] = clerk.call("stock.move", "read", [move["id"]], ["kia_issued_qty"])
    assert after["kia_issued_qty"] == move["product_uom_qty"]


def test_only_the_parts_manager_signs_a_parts_order(login):
    clerk, manager = login("parts2"), login("parts")
    supplier_id = manager.call("res.company", "read", [1], ["kia_parts_supplier_id"])[0][
        "kia_parts_supplier_id"
    ][0]
    wiper = _part(clerk, "98350-L2000")
    order_id = clerk.call(
        "purchase.order",
        "create",
        {
            "partner_id": supplier_id,
            "kia_order_type": "stock",
            "order_line": [[0, 0, {"product_id": wiper["id"], "product_qty": 4}]],
        },
    )
    with pytest.raises(RpcError) as error:
        clerk.call("purchase.order", "button_confirm", [order_id])
    assert "Only the parts manager" in error.value.message
    assert clerk.call("purchase.order", "read", [order_id], ["state"])[0]["state"] == "draft"
    manager.call("purchase.order", "button_confirm", [order_id])
    assert clerk.call("purchase.order", "read", [order_id], ["state"])[0]["state"] == "purchase"


def test_car_owner_follows_his_work_orders_on_the_portal(server, login):
    owner = login("customer")
    page = owner.session.get(f"{server}/my/work-orders", timeout=60)
    assert page.status_code == 200
    assert "沪B57931" in page.text, "his K5's work orders are listed"
    # Another customer's work order is not shown: the portal sends him back to his list.
    admin = login("admin")
    customer_id = admin.call("res.users", "read", [owner.uid], ["partner_id"])[0]["partner_id"][0]
    other_id = admin.call(
        "repair.order",
        "search",
        [["partner_id", "!=", customer_id], ["kia_vehicle_id", "!=", False]],
        limit=1,
    )[0]
    other = owner.session.get(f"{server}/my/work-orders/{other_id}", timeout=60)
    assert other.url.endswith("/my/work-orders")
    anonymous = requests.get(f"{server}/my/work-orders", timeout=60)
    assert "/web/login" in anonymous.url
