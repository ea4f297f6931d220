"""The after-sales mailbox end to end (issue 11 acceptance): a mail is piped into the
running server by Odoo's own mail gateway script (``odoo-mailgate.py``, XML-RPC), as the
mail server's pipe alias would, and customer relations find the ticket over JSON-RPC."""

import os
import subprocess
import sys
import uuid
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import E2E_DB

import odoo

MAILGATE = (
    Path(odoo.__file__).parent / "addons" / "mail" / "static" / "scripts" / "odoo-mailgate.py"
)
# The script is Python 2 (``import xmlrpclib``, ``Binary`` of the text read from stdin):
# this shim lets it run unchanged on the virtualenv's Python 3.
XMLRPCLIB_SHIM = """
import xmlrpc.client as _client
from xmlrpc.client import *  # noqa: F403


def Binary(data=None):
    return _client.Binary(data.encode("utf-8") if isinstance(data, str) else data)
"""


@pytest.fixture(scope="module")
def mailgate(server, tmp_path_factory):
    """Pipe a mail into the server through odoo-mailgate.py as the demo admin (uid 2)."""
    shim = tmp_path_factory.mktemp("mailgate")
    (shim / "xmlrpclib.py").write_text(XMLRPCLIB_SHIM)
    url = urlparse(server)
    env = dict(os.environ, PYTHONPATH=str(shim), PYTHONIOENCODING="utf-8")

    def _send(message):
        result = subprocess.run(
            [
                sys.executable,
                str(MAILGATE),
                "-d",
                E2E_DB,
                "-u",
                "2",
                "-p",
                "admin",
                "--host",
                url.hostname,
                "--port",
                str(url.port),
            ],
            input=message.as_bytes(),
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr.decode()

    return _send


def _mail(sender, subject, body, reply_to=None):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "aftersales@kia-pudong.example.com"
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = f"<{uuid.uuid4()}@mail.example.cn>"
    if reply_to:
        message["In-Reply-To"] = reply_to
        message["References"] = reply_to
    message.set_content(body)
    return message


def test_mail_to_the_mailbox_becomes_a_ticket_customer_relations_find(login, mailgate):
    officer = login("cr")
    [vehicle] = officer.call(
        "fleet.vehicle",
        "search_read",
        [["license_plate", "=like", "沪_%"], ["kia_owner_id", "!=", False]],
        ["license_plate", "vin_sn"],
        limit=1,
    )
    plate = vehicle["license_plate"].replace(" ", "")
    written = f"{plate[:2]}·{plate[2:].lower()}"  # 沪B·57931 as people write it
    sender = f"e2e-{uuid.uuid4().hex[:8]}@example.cn"
    first = _mail(f'"周敏" <{sender}>', "空调不制冷", f"您好，我的车{written}空调不制冷，请回电。")
    mailgate(first)

    [ticket] = officer.call(
        "helpdesk.ticket",
        "search_read",
        [["partner_email", "=", sender]],
        ["team_id", "partner_id", "kia_vehicle_id", "name", "description", "message_ids"],
    )
    [team_id] = officer.call(
        "helpdesk.ticket.team",
        "search",
        [["kia_mailbox", "=", True], ["alias_name", "=", "aftersales"]],
    )
    assert ticket["team_id"][0] == team_id
    assert ticket["name"] == "空调不制冷"
    assert ticket["partner_id"][1] == "周敏", "the unknown sender's contact was created"
    assert ticket["kia_vehicle_id"][0] == vehicle["id"], "linked by the plate in the mail"
    assert "空调不制冷" in ticket["description"]

    # The customer's reply threads into the same ticket.
    mailgate(_mail(sender, "Re: 空调不制冷", "下午三点以后都可以。", reply_to=first["Message-ID"]))
    tickets = officer.call(
        "helpdesk.ticket", "search_read", [["partner_email", "=", sender]], ["message_ids"]
    )
    assert [t["id"] for t in tickets] == [ticket["id"]], "no second ticket"
    assert len(tickets[0]["message_ids"]) == len(ticket["message_ids"]) + 1
    assert officer.call("res.partner", "search_count", [["email", "=", sender]]) == 1
