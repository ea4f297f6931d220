"""KPIs and scorecards over HTTP, as the web client's pivot and the staff's menus reach them
(demo users of the test database: the demo month is in the KPI fact table)."""

import pytest
from conftest import RpcError


def _group(client, domain, fields, groupby):
    orderby = groupby[0] if groupby else False
    return client.call(
        "kia.kpi.fact", "read_group", domain, fields, groupby, lazy=False, orderby=orderby
    )


def test_manager_pivot_matches_the_work_orders(login):
    """Vehicles delivered per month in the KPI pivot are the delivered work orders the
    manager can count himself; a refresh he asks for changes nothing that is up to date."""
    manager = login("manager")
    manager.call("kia.kpi", "action_kia_refresh_facts")
    months = _group(
        manager,
        [["source", "=", "work_order_out"]],
        ["vehicles_out:sum", "on_time_rate:avg"],
        ["date:month"],
    )
    assert months, "the demo month has deliveries"
    total = sum(group["vehicles_out"] for group in months)
    delivered = manager.call(
        "repair.order",
        "search_count",
        [["kia_delivered_date", "!=", False], ["state", "!=", "cancel"]],
    )
    assert total == delivered
    for group in months:
        assert 0 <= group["on_time_rate"] <= 100
    # Ratios are ratios of sums: the whole period's efficiency from its sums.
    [whole] = _group(manager, [], ["efficiency:avg", "flagged_hours:sum", "clocked_hours:sum"], [])
    if whole["clocked_hours"]:
        expected = 100 * whole["flagged_hours"] / whole["clocked_hours"]
        assert whole["efficiency"] == pytest.approx(expected, rel=1e-6)


def test_staff_read_no_figures_but_their_own_scorecards(login):
    technician = login("technician2")
    with pytest.raises(RpcError) as error:
        _group(technician, [], ["vehicles_out:sum"], ["date:month"])
    assert error.value.name == "odoo.exceptions.AccessError"
    # His scorecards only: every scorecard he reads is his.
    cards = technician.call(
        "kia.scorecard", "search_read", [], ["employee_id", "state", "weighted_score"]
    )
    [employee] = technician.call(
        "hr.employee", "search_read", [["user_id", "=", technician.uid]], ["id"]
    )
    assert all(card["employee_id"] and card["employee_id"][0] == employee["id"] for card in cards)
    manager = login("manager")
    others = manager.call(
        "kia.scorecard",
        "search",
        [["employee_id", "!=", employee["id"]], ["employee_id", "!=", False]],
    )
    assert others, "the demo has other employees' scorecards"
    with pytest.raises(RpcError) as error:
        technician.call("kia.scorecard", "read", others[:1], ["weighted_score"])
    assert error.value.name == "odoo.exceptions.AccessError"


def test_approved_scorecard_is_locked_over_rpc(login):
    manager = login("manager")
    approved = manager.call(
        "kia.scorecard", "search_read", [["state", "=", "approved"]], ["weighted_score"], limit=1
    )
    assert approved, "the demo approves one scorecard"
    card = approved[0]
    with pytest.raises(RpcError):
        manager.call("kia.scorecard", "write", [card["id"]], {"weighted_score": 120.0})
    [after] = manager.call("kia.scorecard", "read", [card["id"]], ["weighted_score", "state"])
    assert after == {
        "id": card["id"],
        "weighted_score": card["weighted_score"],
        "state": "approved",
    }
