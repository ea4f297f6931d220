"""Load test of the DMS (``make loadtest``, scripts/loadtest.sh): the dealer's staff doing
their real work at once, through JSON-RPC exactly as the web client does it.

- advisors (``advisor``, ``advisor2``) book appointments, confirm them, open the work order,
  add the parts, check the vehicle in, send the estimate and record the customer's approval;
  now and then one books a slot its advisor already holds (a business refusal);
- the foreman dispatches the jobs of approved work orders to the technicians;
- the technicians clock on and off the jobs dispatched to them;
- the parts clerks issue the work orders' parts to the workshop, one unit at a time;
- car owners open their portal pages.

Every business call is written to the results file (``KIA_LOAD_RESULTS``, one JSON object a
line): its request name, its outcome (``ok``, ``refused`` for a UserError/ValidationError,
``error`` for anything else) and the record it created or changed. tests/load/verify.py then
checks on the database that each success left exactly one record and each failure none.

Runs in its own virtualenv (.venv-load): it imports nothing of Odoo.
"""

import datetime
import itertools
import json
import os
import random
import time
import uuid

from locust import HttpUser, between, task

DB = os.environ.get("KIA_LOAD_DB", "kia_demo_load")
RESULTS = os.environ.get("KIA_LOAD_RESULTS", "loadtest-results.jsonl")
# Prefix of every marker of this run (appointments' customer request, hence the work
# orders' customer concerns): the verification finds this run's records by it.
RUN = os.environ.get("KIA_LOAD_RUN", f"LOAD-{int(time.time())}")
BUSINESS_ERRORS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.RedirectWarning",
}
ENGINE_OIL = "05100-00441"
OIL_SERVICE = "M-OIL"
# Each booking takes a day of its own, far ahead: bookings of different simulated advisors
# never compete for a slot (nor for the day's booking lock).
_booking_days = itertools.count(400)
_advisor_seats = itertools.count()
_technician_logins = iter(["technician", "technician2"])
_results = None


def record(kind, outcome, **values):
    """One line of the results file (gevent: greenlets of one process, no thread)."""
    global _results  # noqa: PLW0603
    if _results is None:
        _results = open(RESULTS, "a", buffering=1, encoding="utf-8")  # noqa: SIM115
    _results.write(json.dumps({"kind": kind, "outcome": outcome, **values}) + "\n")


class Refused(Exception):
    """The server refused the call with a business message (nothing was written)."""


class Failed(Exception):
    """A server error: HTTP status other than 200, or an unexpected exception."""


class StaffUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    password = None

    def choose_login(self):
        raise NotImplementedError

    def on_start(self):
        self.login = self.choose_login()
        result = self.rpc(
            "/web/session/authenticate",
            {"db": DB, "login": self.login, "password": self.password or self.login},
            name="login",
        )
        self.uid = result["uid"]
        user_context = result.get("user_context", {})
        company = result.get("user_companies", {}).get("current_company")
        self.rpc_context = {
            "lang": user_context.get("lang", "en_US"),
            "tz": user_context.get("tz") or "Asia/Shanghai",
            "uid": self.uid,
        }
        if company:
            self.rpc_context["allowed_company_ids"] = [company]

    def rpc(self, path, params, name):
        """A JSON-RPC call; returns its result, raises Refused or Failed."""
        payload = {"jsonrpc": "2.0", "method": "call", "id": random.randint(1, 10**9)}
        payload["params"] = params
        error = None
        with self.client.post(path, json=payload, name=name, catch_response=True) as response:
            if response.status_code != 200:
                error = Failed(f"HTTP {response.status_code}")
                response.failure(str(error))
            else:
                body = response.json()
                if "error" not in body:
                    response.success()
                    return body["result"]
                data = body["error"].get("data", {})
                message = data.get("message") or body["error"].get("message", "")
                if data.get("name") in BUSINESS_ERRORS:
                    # A refusal is a correct answer of the server: not a failed request.
                    response.success()
                    error = Refused(message)
                else:
                    error = Failed(f"{data.get('name')}: {message}")
                    response.failure(str(error))
        raise error

    def call(self, model, method, *args, name, context=None, **kwargs):
        kwargs["context"] = dict(self.rpc_context, **(context or {}))
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            name=name,
        )

    def step(self, name, kind, function, **values):
        """Run one business call, write its outcome; True when it succeeded."""
        try:
            result = function()
        except Refused as refusal:
            record(kind, "refused", name=name, message=str(refusal)[:200], **values)
            return None
        except Failed as failure:
            record(kind, "error", name=name, message=str(failure)[:500], **values)
            return None
        record(kind, "ok", name=name, **values)
        return result if result is not None else True


class Advisor(StaffUser):
    """A service advisor: bookings, then the work order up to the customer's approval."""

    weight = 3

    def choose_login(self):
        self.seat = next(_advisor_seats)
        return ("advisor", "advisor2")[self.seat % 2]

    def on_start(self):
        super().on_start()
        [self.employee_id] = self.call(
            "hr.employee", "search", [["user_id", "=", self.uid]], name="advisor: setup"
        )
        vehicles = self.call(
            "fleet.vehicle",
            "search_read",
            [["kia_owner_id", "!=", False]],
            ["kia_owner_id"],
            order="id",
            name="advisor: setup",
        )
        # One vehicle per simulated advisor: no two check in the same car at once.
        vehicle = vehicles[self.seat % len(vehicles)]
        self.vehicle_id, self.partner_id = vehicle["id"], vehicle["kia_owner_id"][0]
        self.operation_ids = self.call(
            "kia.labour.operation", "search", [["code", "=", OIL_SERVICE]], name="advisor: setup"
        )
        self.oil_id = self.call(
            "product.product", "search", [["default_code", "=", ENGINE_OIL]], name="advisor: setup"
        )[0]
        self.held_start = None

    @task(1)
    def list_work_orders(self):
        self.call(
            "repair.order",
            "web_search_read",
            [["kia_stage", "!=", False]],
            specification={
                "name": {},
                "kia_license_plate": {},
                "partner_id": {"fields": {"display_name": {}}},
                "kia_stage": {},
                "kia_promised_date": {},
            },
            limit=80,
            order="id desc",
            name="work orders: list",
        )

    @task(4)
    def book_and_receive(self):
        marker = f"{RUN}-{uuid.uuid4().hex[:12]}"
        day = datetime.datetime.utcnow().date() + datetime.timedelta(days=next(_booking_days))
        start = datetime.datetime.combine(day, datetime.time(2, 0))
        clash = self.held_start is not None and random.random() < 0.25
        if clash:
            # The advisor already holds this slot: the server refuses the second booking.
            start = self.held_start
        values = {
            "partner_id": self.partner_id,
            "vehicle_id": self.vehicle_id,
            "start": start.strftime("%Y-%m-%d %H:%M:%S"),
            "advisor_id": self.employee_id,
            "channel": "phone",
            "customer_request": marker,
            "labour_operation_ids": [[6, 0, self.operation_ids]],
        }
        appointment_id = self.step(
            "appointment: create",
            "appointment",
            lambda: self.call("kia.appointment", "create", values, name="appointment: create"),
            marker=marker,
            clash=clash,
        )
        if not appointment_id:
            return
        if not self.step(
            "appointment: confirm",
            "appointment_confirm",
            lambda: self.call(
                "kia.appointment", "action_confirm", [appointment_id], name="appointment: confirm"
            ),
            marker=marker,
        ):
            return
        if self.held_start is None or random.random() < 0.2:
            # The customer comes on his day: the slot stays held (clashes book onto it).
            self.held_start = start
            return
        self.receive(appointment_id, marker)

    def receive(self, appointment_id, marker):
        action = self.step(
            "work order: open",
            "work_order",
            lambda: self.call(
                "kia.appointment",
                "action_create_work_order",
                [appointment_id],
                name="work order: open",
            ),
            marker=marker,
        )
        if not action:
            return
        order_id = action["res_id"]
        # The work order's form, as the web client opens it after the button.
        [order] = self.call(
            "repair.order",
            "web_read",
            [order_id],
            specification={"name": {}, "kia_stage": {}, "kia_job_line_ids": {"fields": {}}},
            name="work order: form",
        )
        job_ids = [job["id"] for job in order["kia_job_line_ids"]]
        parts = {
            "move_ids": [
                [
                    0,
                    0,
                    {
                        "product_id": self.oil_id,
                        "product_uom_qty": 4,
                        "repair_line_type": "add",
                        "kia_job_line_id": job_ids[0] if job_ids else False,
                    },
                ]
            ]
        }
        if not self.step(
            "work order: add parts",
            "parts",
            lambda: self.call(
                "repair.order", "write", [order_id], parts, name="work order: add parts"
            ),
            marker=marker,
            order=order_id,
        ):
            return
        [vehicle] = self.call(
            "fleet.vehicle", "read", [self.vehicle_id], ["odometer"], name="vehicle: read"
        )
        odometer = int(vehicle["odometer"]) + random.randint(5, 50)

        def check_in():
            self.call(
                "repair.order",
                "write",
                [order_id],
                {"kia_checkin_odometer": odometer},
                name="work order: odometer",
            )
            return self.call(
                "repair.order", "action_kia_check_in", [order_id], name="work order: check in"
            )

        if not self.step("work order: check in", "check_in", check_in, marker=marker):
            return
        if not self.step(
            "work order: send estimate",
            "estimate",
            lambda: self.call(
                "repair.order",
                "action_kia_send_estimate",
                [order_id],
                name="work order: send estimate",
            ),
            marker=marker,
        ):
            return

        def approve():
            wizard_id = self.call(
                "kia.approval.wizard",
                "create",
                {"approved_by": f"Customer {marker}", "method": "phone"},
                context={"default_repair_id": order_id},
                name="approval: create",
            )
            return self.call(
                "kia.approval.wizard", "action_confirm", [wizard_id], name="approval: confirm"
            )

        self.step("work order: approve", "approval", approve, marker=marker)


class Foreman(StaffUser):
    """The foreman dispatches the jobs of this run's approved work orders."""

    fixed_count = 1

    def choose_login(self):
        return "foreman"

    def on_start(self):
        super().on_start()
        self.technician_ids = self.call(
            "hr.employee",
            "search",
            [["user_id.login", "in", ["technician", "technician2"]]],
            order="id",
            name="foreman: setup",
        )

    @task
    def dispatch(self):
        jobs = self.call(
            "kia.job.line",
            "web_search_read",
            [
                ["state", "=", "todo"],
                ["repair_id.state", "in", ["confirmed", "under_repair"]],
                ["repair_id.kia_customer_concerns", "=like", f"{RUN}-%"],
            ],
            specification={"concern": {}, "repair_id": {"fields": {"display_name": {}}}},
            limit=5,
            order="id",
            name="dispatch board",
        )["records"]
        for job in jobs:
            technician_id = random.choice(self.technician_ids)

            def dispatch(job_id=job["id"], technician_id=technician_id):
                wizard_id = self.call(
                    "kia.dispatch.wizard",
                    "create",
                    {"technician_ids": [[6, 0, [technician_id]]]},
                    context={"active_model": "kia.job.line", "active_ids": [job_id]},
                    name="dispatch: create",
                )
                return self.call(
                    "kia.dispatch.wizard", "action_dispatch", [wizard_id], name="dispatch: confirm"
                )

            self.step("job: dispatch", "dispatch", dispatch, job=job["id"], employee=technician_id)


class Technician(StaffUser):
    """A technician clocks on a job dispatched to him, and off it at his next turn."""

    fixed_count = 2

    def choose_login(self):
        return next(_technician_logins)

    def on_start(self):
        super().on_start()
        [self.employee_id] = self.call(
            "hr.employee", "search", [["user_id", "=", self.uid]], name="technician: setup"
        )
        self.clocked_job = None
        # The demo leaves a technician clocked on a job of its own: he clocks off it before
        # taking the run's jobs, as he would at the start of a shift. Not a call of the run
        # (the verification counts the runs' jobs only, and those are clocked off by
        # on_stop).
        open_jobs = self.call(
            "kia.job.time.log",
            "search_read",
            [
                ["employee_id", "=", self.employee_id],
                ["date_stop", "=", False],
                ["repair_id.kia_customer_concerns", "not like", "LOAD-"],
                ["repair_id.kia_customer_concerns", "not like", "WARMUP-"],
            ],
            ["job_line_id"],
            name="technician: setup",
        )
        for log in open_jobs:
            self.call(
                "kia.job.line",
                "action_clock_off",
                [log["job_line_id"][0]],
                name="technician: setup",
            )

    def on_stop(self):
        """The end of the run is the end of the shift: clock off the job."""
        if self.clocked_job:
            self.clock_off()

    def clock_off(self):
        job_id, self.clocked_job = self.clocked_job, None
        self.step(
            "job: clock off",
            "clock_off",
            lambda: self.call("kia.job.line", "action_clock_off", [job_id], name="job: clock off"),
            job=job_id,
            employee=self.employee_id,
        )

    @task
    def work(self):
        if self.clocked_job:
            self.clock_off()
            return
        jobs = self.call(
            "kia.job.line",
            "web_search_read",
            [
                ["technician_ids", "in", [self.employee_id]],
                ["state", "in", ["dispatched", "paused"]],
                ["repair_id.kia_customer_concerns", "=like", f"{RUN}-%"],
            ],
            specification={"concern": {}, "state": {}},
            limit=10,
            order="id",
            name="my jobs",
        )["records"]
        if not jobs:
            return
        job_id = random.choice(jobs)["id"]
        if self.step(
            "job: clock on",
            "clock_on",
            lambda: self.call("kia.job.line", "action_clock_on", [job_id], name="job: clock on"),
            job=job_id,
            employee=self.employee_id,
        ):
            self.clocked_job = job_id


class PartsClerk(StaffUser):
    """A parts clerk issues this run's work orders' parts, one unit at a time; two clerks
    may pick the same part line at once."""

    fixed_count = 2

    def choose_login(self):
        return "parts2"

    @task
    def issue(self):
        moves = self.call(
            "stock.move",
            "search_read",
            [
                ["repair_id.kia_customer_concerns", "=like", f"{RUN}-%"],
                ["repair_id.state", "in", ["confirmed", "under_repair"]],
                ["repair_line_type", "=", "add"],
                ["state", "not in", ["done", "cancel"]],
            ],
            ["product_uom_qty", "kia_issued_qty"],
            limit=20,
            order="id",
            name="parts to issue",
        )
        moves = [move for move in moves if move["kia_issued_qty"] < move["product_uom_qty"]]
        if not moves:
            return
        move_id = random.choice(moves[:3])["id"]
        self.step(
            "part: issue",
            "issue",
            lambda: self.call("stock.move", "action_kia_issue", [move_id], 1, name="part: issue"),
            move=move_id,
            qty=1,
        )


class CarOwner(StaffUser):
    """A car owner on the customer portal."""

    weight = 1
    wait_time = between(2, 5)
    pages = (
        "/my",
        "/my/work-orders",
        "/my/appointments",
        "/my/vehicles",
        "/my/rescues",
        "/my/tickets",
    )

    def choose_login(self):
        return "customer"

    @task
    def browse(self):
        for page in self.pages:
            with self.client.get(page, name=f"portal {page}", catch_response=True) as response:
                if response.status_code != 200 or "/web/login" in response.url:
                    response.failure(f"HTTP {response.status_code} at {response.url}")
                    record("portal", "error", name=f"portal {page}", message=response.url)
                else:
                    response.success()
                    record("portal", "ok", name=f"portal {page}")
