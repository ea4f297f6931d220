"""kia_training over HTTP, as the dealer's staff use it (demo users of the demo database)."""

import datetime

import pytest
import requests
from conftest import RpcError


def test_login_page_shows_the_dealer(server):
    page = requests.get(f"{server}/web/login", timeout=30)
    assert page.status_code == 200
    assert 'name="login"' in page.text


def test_hr_records_a_certification_the_technician_sees_it(login):
    hr = login("hr")
    employee_id = hr.call("hr.employee", "search", [["name", "=", "吴涛"]])[0]
    cert_type_id = hr.call("kia.certification.type", "search", [["code", "=", "KT"]])[0]
    today = datetime.date.today()
    line_id = hr.call(
        "hr.resume.line",
        "create",
        {
            "employee_id": employee_id,
            "kia_certification_type_id": cert_type_id,
            "kia_certificate_number": "E2E-KT-0001",
            "date_start": today.isoformat(),
            "date_end": today.replace(year=today.year + 3).isoformat(),
        },
    )
    [line] = hr.call(
        "hr.resume.line", "read", [line_id], ["name", "expiration_status", "kia_is_current"]
    )
    assert line["name"] == "Kia Technician"
    assert line["expiration_status"] == "valid"
    # The matrix groups certifications by employee and type.
    groups = hr.call(
        "hr.resume.line",
        "read_group",
        [["kia_certification_type_id", "!=", False], ["kia_is_current", "=", True]],
        ["employee_id"],
        ["employee_id", "kia_certification_type_id"],
        lazy=False,
    )
    assert any(group["employee_id"][0] == employee_id for group in groups)


def test_technician_reads_own_certifications_and_cannot_forge_one(login):
    technician = login("technician")
    lines = technician.call(
        "hr.resume.line",
        "search_read",
        [["kia_certification_type_id", "!=", False]],
        ["employee_id", "kia_certificate_number"],
    )
    assert lines, "陈磊 holds certifications in the demo data"
    assert {line["employee_id"][1] for line in lines} == {"陈磊"}
    cert_type_id = technician.call("kia.certification.type", "search", [["code", "=", "EVHV"]])[0]
    with pytest.raises(RpcError) as error:
        technician.call(
            "hr.resume.line",
            "create",
            {
                "employee_id": lines[0]["employee_id"][0],
                "kia_certification_type_id": cert_type_id,
                "date_start": datetime.date.today().isoformat(),
            },
        )
    assert error.value.name == "odoo.exceptions.AccessError"


def test_bad_input_gets_a_clear_error(login):
    hr = login("hr")
    employee_id = hr.call("hr.employee", "search", [["name", "=", "赵鹏"]])[0]
    cert_type_id = hr.call("kia.certification.type", "search", [["code", "=", "KT"]])[0]
    with pytest.raises(RpcError) as error:
        hr.call(
            "hr.resume.line",
            "create",
            {
                "employee_id": employee_id,
                "kia_certification_type_id": cert_type_id,
                "kia_certificate_number": "KT2-2025-0923",  # 陈磊's current certificate
                "date_start": datetime.date.today().isoformat(),
            },
        )
    assert "already used by an active" in error.value.message
