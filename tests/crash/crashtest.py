"""Crash test: the production-mode server (scripts/serve_prod.sh: HTTP workers, a cron
worker, the gevent process) is killed with SIGKILL, its whole process group at once, in the
middle of

  (a) a batch of work-order confirmations sent by a client over JSON-RPC (the customer's
      approval recorded through the approval wizard, as the web client does), 4 at a time;
  (b) the nightly parts job (movement classes and min/max) on a large catalogue, run by the
      cron worker;
  (c) a long report (the monthly parts report in XLSX, over its HTTP route);

then restarted, and what was left is checked: nothing half done, the job finishing on its
next run without doing anything twice, the report asked again.

    .venv/bin/python tests/crash/crashtest.py DATABASE

DATABASE is a scratch copy (scripts/crashtest.sh makes one from the demo database and drops
it at the end): the test writes to it. Environment: KIA_CRASH_ORDERS (default 200),
KIA_CRASH_PARTS (catalogue size, default 5000), KIA_CRASH_SEED (random seed).
"""

import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections import Counter
from io import BytesIO
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parents[2]
ORDERS = int(os.environ.get("KIA_CRASH_ORDERS", "200"))
PARTS = int(os.environ.get("KIA_CRASH_PARTS", "5000"))
RESEND = 3  # times an order refused for a concurrent update is sent again
THREADS = 4
CHECKS = []


def say(text):
    print(text, flush=True)


def check(label, ok, detail=""):
    """Record and print one check; the run fails at the end if any failed."""
    CHECKS.append((label, bool(ok)))
    say(f"  [{'ok' if ok else 'FAILED'}] {label}{f': {detail}' if detail else ''}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------- preparation (ORM)


def prepare(database, what):
    """Runs in a child process (``crashtest.py --prepare DB what``): builds the data with
    the ORM and in bulk SQL, commits, and prints what the checks need as JSON."""
    import odoo
    from odoo import SUPERUSER_ID, Command, api
    from odoo.tools import config

    config_file = os.environ.get("KIA_ODOO_CONFIG", str(ROOT / "odoo.conf"))
    config.parse_config(["-c", config_file, "-d", database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    result = {}
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"lang": "en_US", "tracking_disable": True, "kia_skip_notify": True}
        )
        if what == "orders":
            sys.path.insert(0, str(ROOT / "tests" / "bench"))
            from bench_work_orders import vin

            company = env.ref("base.main_company")
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            stock = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
            customer = env["res.partner"].create({"name": "Crash test customer"})
            parts = env["product.product"].create(
                [
                    {
                        "name": f"Crash test part {i}",
                        "default_code": f"CRASH-{i}",
                        "is_storable": True,
                        "list_price": 100 + i,
                        "invoice_policy": "delivery",
                    }
                    for i in range(2)
                ]
            )
            # Stock counted in (done inventory moves), as a dealer's stocktake would.
            env["stock.quant"].with_context(inventory_mode=True).create(
                [
                    {
                        "product_id": part.id,
                        "location_id": stock.lot_stock_id.id,
                        "inventory_quantity": 10 * ORDERS,
                    }
                    for part in parts
                ]
            ).action_apply_inventory()
            operation = env["kia.labour.operation"].create(
                {"code": "CRASH-1", "name": "Crash test operation", "flagged_hours": 1.0}
            )
            vehicles = env["fleet.vehicle"].create(
                [
                    {
                        "model_id": env.ref("kia_aftersales.model_kia_k5").id,
                        "vin_sn": vin(700000 + i),
                        "kia_owner_id": customer.id,
                    }
                    for i in range(ORDERS)
                ]
            )
            orders = env["repair.order"].create(
                [
                    {
                        "kia_vehicle_id": vehicle.id,
                        "partner_id": customer.id,
                        "kia_checkin_odometer": 1000,
                        "kia_job_line_ids": [
                            Command.create(
                                {"concern": "Crash test job", "labour_operation_id": operation.id}
                            )
                        ],
                    }
                    for vehicle in vehicles
                ]
            )
            env["stock.move"].create(
                [
                    {
                        "repair_id": order.id,
                        "product_id": part.id,
                        "product_uom_qty": 1 + index % 3,
                        "repair_line_type": "add",
                        "kia_job_line_id": order.kia_job_line_ids.id,
                    }
                    for order in orders
                    for index, part in enumerate(parts)
                ]
            )
            result = {"orders": orders.ids, "parts": parts.ids}
        elif what == "catalogue":
            sys.path.insert(0, str(ROOT / "tests" / "bench"))
            from bench_parts import populate

            populate(env, PARTS, "C")
            cron = env.ref("kia_parts.ir_cron_kia_movement_class")
            # Not before the test triggers it; every dealer reclassifies its whole catalogue
            # (as after a change of its fast-moving threshold).
            cron.nextcall = "2099-01-01 00:00:00"
            env["res.company"].sudo().search([]).write({"kia_movement_class_date": False})
            result = {"cron": cron.id}
        cr.commit()
    print("RESULT " + json.dumps(result))


def run_prepare(database, what):
    output = subprocess.run(
        [sys.executable, __file__, "--prepare", database, what],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = [line for line in output.splitlines() if line.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT ") :])


# ---------------------------------------------------------------------- the server


class Server:
    """scripts/serve_prod.sh in a process group of its own: killed as a whole."""

    def __init__(self, database):
        self.database = database
        self.port = free_port()
        self.gevent_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            KIA_MASTER_PASSWORD=secrets.token_urlsafe(24),
            KIA_DB=database,
            KIA_PORT=str(self.port),
            KIA_GEVENT_PORT=str(self.gevent_port),
        )
        self.log = ROOT / ".odoo-data" / "crashtest-server.log"
        self.process = None

    def start(self):
        started = time.monotonic()
        self.log.parent.mkdir(exist_ok=True)
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [str(ROOT / "scripts" / "serve_prod.sh")],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: master, workers, cron, gevent
            )
        for _ in range(240):
            try:
                if requests.get(f"{self.url}/web/health", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited early, see {self.log}")
            time.sleep(0.5)
        else:
            raise RuntimeError(f"the server did not start within 2 minutes, see {self.log}")
        say(f"  server up in {time.monotonic() - started:.1f} s (pid {self.process.pid})")

    def group(self):
        """Live pids of the server's process group (master, workers, cron worker, gevent);
        zombies waiting to be reaped are dead."""
        pgid = self.process.pid
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields_ = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields after the command: state, ppid, pgrp
            if int(fields_[2]) == pgid and fields_[0] not in ("Z", "X"):
                pids.append(int(entry.name))
        return pids

    def kill(self):
        pids = self.group()
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        time.sleep(0.5)
        left = self.group()
        say(f"  SIGKILL to the process group of {len(pids)} processes, {len(left)} left")
        return len(pids), left

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Client:
    """A web client's session: JSON-RPC as the browser sends it."""

    def __init__(self, server, login, password):
        self.url = server.url
        self.session = requests.Session()
        result = self.post(
            "/web/session/authenticate",
            {"db": server.database, "login": login, "password": password},
        )
        self.uid = result["uid"]

    def post(self, path, params, timeout=300):
        response = self.session.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=timeout,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(body["error"].get("data", {}).get("message") or body["error"])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", {"lang": "en_US"})
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


def db_query(database, query, params=None):
    with psycopg2.connect(dbname=database) as conn, conn.cursor() as cr:
        cr.execute(query, params)
        rows = cr.fetchall() if cr.description else []
    conn.close()
    return rows


def wait_for_rollback(database, timeout=180):
    """PostgreSQL rolls back the killed server's transactions once their backends notice
    the closed connection (a running query first finishes): wait for them to go."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        [(count,)] = db_query(
            database,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        if not count:
            say(
                "  the killed server's transactions rolled back in "
                f"{time.monotonic() - started:.1f} s"
            )
            return
        time.sleep(0.5)
    raise RuntimeError("PostgreSQL kept the killed server's sessions")


def kill_and_restart(server):
    killed, left = server.kill()
    check("every process of the server group is gone", killed >= 3 and not left, f"{killed}")
    wait_for_rollback(server.database)
    server.start()


# ---------------------------------------------------------------------- (a) confirmations


def order_states(database, order_ids):
    """Per work order: its state and what its confirmation writes in the same transaction."""
    return db_query(
        database,
        """
        SELECT r.id, r.state, so.state,
               (SELECT count(*) FROM kia_work_order_approval a WHERE a.repair_id = r.id),
               (SELECT count(*) FROM kia_job_line j WHERE j.repair_id = r.id),
               (SELECT count(*) FROM kia_job_line j
                 WHERE j.repair_id = r.id AND j.approval_id IS NULL),
               (SELECT count(*) FROM stock_move m WHERE m.repair_id = r.id),
               (SELECT count(*) FROM stock_move m WHERE m.repair_id = r.id AND m.state = 'draft'),
               (SELECT count(*) FROM stock_move m
                 WHERE m.repair_id = r.id AND m.kia_approval_id IS NULL)
          FROM repair_order r LEFT JOIN sale_order so ON so.id = r.sale_order_id
         WHERE r.id = ANY(%s)
        """,
        [order_ids],
    )


def classify(rows):
    """confirmed / draft when consistent; half-done otherwise."""
    result = {"confirmed": set(), "draft": set(), "half": set()}
    for oid, state, so_state, approvals, jobs, jobs_open, moves, moves_draft, moves_open in rows:
        if (state, so_state, approvals, jobs_open, moves_draft, moves_open) == (
            "confirmed",
            "sale",
            1,
            0,
            0,
            0,
        ):
            result["confirmed"].add(oid)
        elif (state, so_state, approvals, jobs_open, moves_draft, moves_open) == (
            "draft",
            None,
            0,
            jobs,
            moves,
            moves,
        ):
            result["draft"].add(oid)
        else:
            result["half"].add(oid)
    return result


def confirm(client, order_id):
    wizard = client.call(
        "kia.approval.wizard",
        "create",
        {"approved_by": "Crash test customer", "method": "phone"},
        context={"lang": "en_US", "default_repair_id": order_id},
    )
    client.call("kia.approval.wizard", "action_confirm", [wizard])


def confirm_batch(server, order_ids):
    """Confirm ``order_ids``, THREADS calls at a time (as THREADS advisors' browsers);
    returns (threads, confirmed as answered, failed, in flight when the server died, start
    time, how many times each order was sent again after a concurrency refusal)."""
    clients = [Client(server, "advisor", "advisor") for _ in range(THREADS)]
    todo = list(order_ids)
    lock = threading.Lock()
    ok, failed, in_flight = [], [], set()
    resent = Counter()
    started = time.monotonic()

    def work(client):
        while True:
            with lock:
                if not todo:
                    return
                order_id = todo.pop(0)
                in_flight.add(order_id)
            try:
                confirm(client, order_id)
            except (requests.RequestException, RuntimeError) as error:
                concurrency = "could not serialize" in str(error)
                with lock:
                    if concurrency and resent[order_id] < RESEND:
                        # PostgreSQL refused it after Odoo's 5 tries (the 4 advisors
                        # reserve the same parts back to back): nothing was written, the
                        # advisor presses the button again.
                        resent[order_id] += 1
                        in_flight.discard(order_id)
                        todo.append(order_id)
                        continue
                    failed.append((order_id, str(error)[:120]))
                if isinstance(error, requests.RequestException):
                    return  # the server is gone
            else:
                with lock:
                    ok.append(order_id)
            with lock:
                in_flight.discard(order_id)

    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    return threads, ok, failed, in_flight, started, resent


def scenario_confirmations(server, data):
    database = server.database
    orders = data["orders"]
    say(f"(a) {len(orders)} draft work orders confirmed over JSON-RPC, {THREADS} calls at a time")
    kill_at = random.randint(len(orders) // 10, len(orders) * 9 // 10)
    threads, ok, failed, in_flight, started, resent = confirm_batch(server, orders)
    while len(ok) < kill_at and any(thread.is_alive() for thread in threads):
        time.sleep(0.01)
    answered, elapsed = len(ok), time.monotonic() - started
    kill_and_restart(server)
    for thread in threads:
        thread.join()
    say(
        f"  killed after {answered} answered confirmations ({elapsed:.1f} s); "
        f"{len(in_flight)} calls in flight"
    )
    state = classify(order_states(database, orders))
    check("no work order half done", not state["half"], f"{sorted(state['half'])[:5]}")
    check(
        "every answered confirmation is stored (no lost write)",
        set(ok) <= state["confirmed"],
        f"{len(ok)} answered, {len(state['confirmed'])} confirmed",
    )
    extra = state["confirmed"] - set(ok)
    check(
        "confirmed without an answer: only calls in flight at the kill (committed, answer lost)",
        extra <= in_flight | {oid for oid, _error in failed},
        f"{len(extra)}",
    )
    # The advisor picks up what is still draft, as he would from the list.
    remaining = sorted(state["draft"])
    threads, ok2, failed2, _in_flight, started, resent2 = confirm_batch(server, remaining)
    for thread in threads:
        thread.join()
    per_call = (time.monotonic() - started) / max(len(remaining), 1)
    say(
        f"  confirmations refused by PostgreSQL after Odoo's 5 tries (concurrent "
        f"reservations of the same parts), nothing written, sent again: "
        f"{sum(resent.values())} before the kill, {sum(resent2.values())} after"
    )
    check(
        "the drafts left are confirmed after the restart",
        len(ok2) == len(remaining) and not failed2,
        f"{len(ok2)} of {len(remaining)}, {per_call * 1000:.0f} ms per confirmation",
    )
    state = classify(order_states(database, orders))
    check(
        "every work order confirmed once (one approval each, moves and sale order confirmed)",
        len(state["confirmed"]) == len(orders) and not state["half"],
        f"{len(state['confirmed'])} of {len(orders)}",
    )
    [(approvals,)] = db_query(
        database,
        "SELECT count(*) FROM kia_work_order_approval WHERE repair_id = ANY(%s)",
        [orders],
    )
    check("no duplicate approval", approvals == len(orders), f"{approvals}")
    check_stock(database, data["parts"], orders)


def check_stock(database, part_ids, order_ids):
    """No stock move half done: reservations match the quants, on-hand stock matches the
    done moves, the work orders' parts are all reserved or waiting."""
    rows = db_query(
        database,
        """
        WITH reserved AS (
            SELECT ml.product_id, ml.location_id, sum(ml.quantity_product_uom) AS qty
              FROM stock_move_line ml JOIN stock_move m ON m.id = ml.move_id
             WHERE ml.product_id = ANY(%(parts)s) AND m.state NOT IN ('done', 'cancel')
             GROUP BY 1, 2),
        quants AS (
            SELECT q.product_id, q.location_id, sum(q.reserved_quantity) AS qty
              FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
             WHERE q.product_id = ANY(%(parts)s) AND l.usage = 'internal' GROUP BY 1, 2)
        SELECT count(*) FROM reserved r FULL JOIN quants q USING (product_id, location_id)
         WHERE round(coalesce(r.qty, 0)::numeric, 3) <> round(coalesce(q.qty, 0)::numeric, 3)
        """,
        {"parts": part_ids},
    )
    check("reserved quantities of the quants match the moves' reservations", rows[0][0] == 0)
    rows = db_query(
        database,
        """
        WITH moved AS (
            SELECT ml.product_id, l.id AS location_id,
                   sum(CASE WHEN ml.location_dest_id = l.id THEN ml.quantity_product_uom
                            ELSE -ml.quantity_product_uom END) AS qty
              FROM stock_move_line ml
              JOIN stock_location l ON l.id IN (ml.location_id, ml.location_dest_id)
             WHERE ml.product_id = ANY(%(parts)s) AND ml.state = 'done' AND l.usage = 'internal'
             GROUP BY 1, 2),
        quants AS (
            SELECT q.product_id, q.location_id, sum(q.quantity) AS qty
              FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
             WHERE q.product_id = ANY(%(parts)s) AND l.usage = 'internal' GROUP BY 1, 2)
        SELECT count(*) FROM moved m FULL JOIN quants q USING (product_id, location_id)
         WHERE round(coalesce(m.qty, 0)::numeric, 3) <> round(coalesce(q.qty, 0)::numeric, 3)
        """,
        {"parts": part_ids},
    )
    check("on-hand quantities match the done moves", rows[0][0] == 0)
    [(draft,)] = db_query(
        database,
        "SELECT count(*) FROM stock_move WHERE repair_id = ANY(%s) AND state = 'draft'",
        [order_ids],
    )
    check("no part of a confirmed work order left in draft", draft == 0, f"{draft}")


def check_claims(database):
    [(bad_count, no_submission, total)] = db_query(
        database,
        """
        SELECT count(*) FILTER (WHERE c.submission_count <> s.n),
               count(*) FILTER (WHERE c.state NOT IN ('draft', 'cancelled') AND s.n = 0),
               count(*)
          FROM kia_warranty_claim c,
               LATERAL (SELECT count(*) AS n FROM kia_warranty_claim_submission x
                         WHERE x.claim_id = c.id) s
        """,
    )
    check(
        "no warranty claim half done (submitted claims have their submission, counts match)",
        bad_count == 0 and no_submission == 0,
        f"{total} claims",
    )


# ---------------------------------------------------------------------- (b) the parts cron


def cron_status(database, cron_id, since):
    """Classifications committed since ``since``, calls of the job, companies whose run is
    not complete, and whether the last call ended the run (its progress: done, none left)."""
    [(done, calls, running, last_done, last_remaining)] = db_query(
        database,
        """
        SELECT coalesce(sum(p.done), 0), count(p.id),
               (SELECT count(*) FROM res_company WHERE kia_movement_class_run_date IS NOT NULL),
               (array_agg(p.done ORDER BY p.id DESC))[1],
               (array_agg(p.remaining ORDER BY p.id DESC))[1]
          FROM ir_cron_progress p WHERE p.cron_id = %(cron)s AND p.create_date >= %(since)s
        """,
        {"cron": cron_id, "since": since},
    )
    finished = bool(calls and not running and last_done and not last_remaining)
    return done, calls, running, finished


def trigger_cron(database, cron_id):
    [(now,)] = db_query(database, "SELECT now() AT TIME ZONE 'UTC'")
    db_query(
        database,
        "INSERT INTO ir_cron_trigger (cron_id, call_at) VALUES (%s, now() AT TIME ZONE 'UTC')",
        [cron_id],
    )
    db_query(database, "SELECT pg_notify('cron_trigger', %s)", [database])
    return now


def wait_cron_done(database, cron_id, since, timeout=900):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        done, calls, _running, finished = cron_status(database, cron_id, since)
        if finished:
            return done, calls, time.monotonic() - started
        time.sleep(1)
    raise RuntimeError("the parts cron did not finish")


def cron_snapshot(database):
    classes = db_query(
        database,
        """
        SELECT id, kia_movement_class, kia_issues_12m, kia_demand_12m
          FROM product_template WHERE kia_is_part ORDER BY id
        """,
    )
    orderpoints = db_query(
        database,
        """
        SELECT product_id, location_id, product_min_qty, product_max_qty, active
          FROM stock_warehouse_orderpoint WHERE kia_managed ORDER BY product_id, location_id
        """,
    )
    return classes, orderpoints


def scenario_cron(server, cron_id):
    database = server.database
    [(expected,)] = db_query(
        database,
        """
        SELECT count(*) FROM res_company c JOIN product_template t
            ON t.kia_is_part AND (t.company_id IS NULL OR t.company_id = c.id)
        """,
    )
    [(parts,)] = db_query(database, "SELECT count(*) FROM product_template WHERE kia_is_part")
    batches = expected // 1000
    kill_after = random.randint(2, max(2, batches // 2))
    say(
        f"(b) the nightly parts job on {parts} parts x companies = {expected} classifications "
        f"(~{batches} batches of 1,000), killed after {kill_after} committed batches"
    )
    since = trigger_cron(database, cron_id)
    started = time.monotonic()
    while True:
        done, calls, running, _finished = cron_status(database, cron_id, since)
        if calls > kill_after and done:
            break
        if time.monotonic() - started > 600:
            raise RuntimeError("the parts cron did not start")
        time.sleep(0.2)
    kill_and_restart(server)
    done_before, calls_before, running, _finished = cron_status(database, cron_id, since)
    cursors = db_query(
        database,
        "SELECT id, kia_movement_class_run_cursor FROM res_company "
        "WHERE kia_movement_class_run_date IS NOT NULL ORDER BY id",
    )
    check(
        "the killed run left its committed batches and their progress",
        0 < done_before < expected and running,
        f"{done_before} of {expected} done, cursors {cursors}",
    )
    # Restarted, the cron worker resumes it (its next call is overdue): wait for the end.
    done, calls, seconds = wait_cron_done(database, cron_id, since)
    say(f"  resumed and finished in {seconds:.1f} s after the restart ({calls} calls in all)")
    check(
        "the job finished on its next run, each part done once (progress adds up)",
        done == expected,
        f"{done} = {done_before} before the kill + {done - done_before} after; expected {expected}",
    )
    [(missing,)] = db_query(
        database,
        """
        SELECT count(*) FROM res_company c JOIN product_template t
            ON t.kia_is_part AND (t.company_id IS NULL OR t.company_id = c.id)
         WHERE t.kia_movement_class ->> c.id::text IS NULL
        """,
    )
    check("every part has its class in every company", missing == 0, f"{missing} missing")
    [(duplicates,)] = db_query(
        database,
        """
        SELECT count(*) FROM (SELECT 1 FROM stock_warehouse_orderpoint WHERE active
                              GROUP BY product_id, location_id, company_id HAVING count(*) > 1) d
        """,
    )
    check("no duplicated replenishment rule", duplicates == 0, f"{duplicates}")
    # Idempotent: a clean full run, not interrupted, leaves exactly the same.
    crashed = cron_snapshot(database)
    time.sleep(2)  # the scheduler commits the end of the previous run
    db_query(database, "UPDATE res_company SET kia_movement_class_date = NULL")
    since = trigger_cron(database, cron_id)
    done, calls, seconds = wait_cron_done(database, cron_id, since)
    say(f"  a clean full run: {done} classifications in {seconds:.1f} s ({calls} calls)")
    clean = cron_snapshot(database)
    check(
        "the interrupted run left what a clean run leaves (classes, issues, demand, min/max)",
        crashed == clean,
        f"{len(clean[0])} parts, {len(clean[1])} Kia-managed rules",
    )


# ---------------------------------------------------------------------- (c) a long report


def report_bytes(server, client, wizard_id, timeout=600):
    response = client.session.get(
        f"{server.url}/report/xlsx/kia_parts.monthly_parts_report/{wizard_id}", timeout=timeout
    )
    response.raise_for_status()
    return response.content


def sheets(content):
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"
        }


def scenario_report(server):
    database = server.database
    say("(c) the monthly parts report (XLSX) on the large catalogue, over HTTP")
    client = Client(server, "admin", "admin")
    wizard_id = client.call(
        "kia.parts.report.wizard", "create", {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    )
    started = time.monotonic()
    baseline = report_bytes(server, client, wizard_id)
    seconds = time.monotonic() - started
    say(f"  the report alone: {seconds:.2f} s, {len(baseline)} bytes")
    [(attachments,)] = db_query(database, "SELECT count(*) FROM ir_attachment")
    for attempt in range(4):
        # Killed at a random point of the request; a report answered first is asked again
        # with an earlier kill.
        outcome = {}

        def ask(outcome=outcome, client=client):
            try:
                outcome["content"] = report_bytes(server, client, wizard_id)
            except requests.RequestException as error:
                outcome["error"] = type(error).__name__

        thread = threading.Thread(target=ask)
        thread.start()
        delay = random.uniform(0.2, 0.6) * seconds / (2**attempt)
        time.sleep(delay)
        kill_and_restart(server)
        thread.join()
        if "error" in outcome:
            break
        client = Client(server, "admin", "admin")
    check(
        "killed while the report was being made",
        "error" in outcome,
        f"after {delay:.2f} s: {outcome.get('error', 'answered')}",
    )
    [(after,)] = db_query(database, "SELECT count(*) FROM ir_attachment")
    check("the report left nothing behind (no attachment)", after == attachments, f"{after}")
    client = Client(server, "admin", "admin")
    started = time.monotonic()
    again = report_bytes(server, client, wizard_id)
    check(
        "the report asked again after the restart: the same workbook",
        sheets(again) == sheets(baseline),
        f"{time.monotonic() - started:.2f} s, {len(again)} bytes",
    )


# ---------------------------------------------------------------------- main


def main(database):
    seed = int(os.environ.get("KIA_CRASH_SEED", str(random.randrange(10**6))))
    random.seed(seed)
    say(f"Crash test on {database} (seed {seed}: KIA_CRASH_SEED={seed} repeats the kill points)")
    started = time.monotonic()
    say(f"preparing {ORDERS} draft work orders (ORM) and a catalogue of {PARTS} parts (bulk SQL)")
    orders = run_prepare(database, "orders")
    cron = run_prepare(database, "catalogue")
    say(f"  prepared in {time.monotonic() - started:.1f} s")
    server = Server(database)
    try:
        server.start()
        scenario_confirmations(server, orders)
        scenario_cron(server, cron["cron"])
        scenario_report(server)
        say("global checks")
        check_claims(database)
        check_stock(database, orders["parts"], orders["orders"])
    finally:
        server.stop()
    failed = [label for label, ok in CHECKS if not ok]
    say(
        f"{len(CHECKS)} checks, {len(CHECKS) - len(failed)} passed, {len(failed)} failed "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--prepare":
        prepare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main(sys.argv[1]))
