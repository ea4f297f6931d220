"""Verification of a load-test run (scripts/loadtest.sh), on the server's database once the
server is stopped: every business call that succeeded left exactly one record (or its one
change), every call that failed left none, and nothing is there that no call reported.

Reads the results file written by tests/load/locustfile.py and locust's statistics (CSV),
prints the figures and exits non-zero on a server error, a lost or duplicated record, or a
p95 latency over the target for an action.
"""

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict

import psycopg2

OPEN_STATES = ("confirmed", "done")  # an appointment once confirmed (done: its order opened)


class Checker:
    def __init__(self):
        self.checked = Counter()
        self.problems = []
        self.seen = Counter()  # figures shown, not checks

    def expect(self, what, condition, detail):
        self.checked[what] += 1
        if not condition:
            self.problems.append(f"{what}: {detail}")


def load_results(path):
    events = defaultdict(list)
    try:
        with open(path, encoding="utf-8") as results:
            for line in results:
                event = json.loads(line)
                events[event["kind"]].append(event)
    except FileNotFoundError:
        pass
    return events


def load_stats(path):
    """locust's statistics: the rows per request name, and the aggregated row."""
    with open(path, encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    return (
        [row for row in rows if row["Name"] != "Aggregated"],
        [row for row in rows if row["Name"] == "Aggregated"],
    )


def fetch(cr, query, params):
    cr.execute(query, params)
    return cr.fetchall()


def verify_records(cr, run, events, check):
    verify_bookings(cr, run, events, check)
    verify_estimate_emails(cr, run, events, check)
    verify_workshop(cr, run, events, check)
    verify_parts(cr, run, events, check)


def verify_bookings(cr, run, events, check):
    """Appointments and work orders, step by step."""
    pattern = f"{run}-%"
    appointments = {
        marker: (count, states)
        for marker, count, states in fetch(
            cr,
            "SELECT customer_request, count(*), array_agg(state) FROM kia_appointment "
            "WHERE customer_request LIKE %s GROUP BY customer_request",
            (pattern,),
        )
    }
    orders = {
        marker: (count, ids)
        for marker, count, ids in fetch(
            cr,
            "SELECT kia_customer_concerns, count(*), array_agg(id) FROM repair_order "
            "WHERE kia_customer_concerns LIKE %s GROUP BY kia_customer_concerns",
            (pattern,),
        )
    }
    order_ids = [ids[0] for _count, ids in orders.values()]
    order_rows = {
        row[0]: row
        for row in fetch(
            cr,
            """
            SELECT o.id, o.state, o.kia_checkin_date IS NOT NULL, o.sale_order_id IS NOT NULL,
                   (SELECT count(*) FROM kia_work_order_approval a WHERE a.repair_id = o.id),
                   (SELECT count(*) FROM stock_move m
                     WHERE m.repair_id = o.id AND m.repair_line_type = 'add')
              FROM repair_order o WHERE o.id = ANY(%s)
            """,
            (order_ids,),
        )
    }

    def order_of(marker):
        count_ids = orders.get(marker)
        return order_rows.get(count_ids[1][0]) if count_ids else None

    # Appointments: one per successful create, none per refused or failed one.
    created = {event["marker"]: event for event in events["appointment"]}
    for marker, event in created.items():
        count = appointments.get(marker, (0, []))[0]
        expected = 1 if event["outcome"] == "ok" else 0
        check.expect(
            "appointment created once / not at all", count == expected, f"{marker}: {count}"
        )
    for marker in set(appointments) - set(created):
        check.expect("appointment no call reported", False, marker)
    for event in events["appointment_confirm"]:
        states = appointments.get(event["marker"], (0, []))[1]
        if event["outcome"] == "ok":
            ok = len(states) == 1 and states[0] in OPEN_STATES
        else:
            ok = states == ["draft"]
        check.expect("appointment confirmed / left to confirm", ok, f"{event['marker']}: {states}")
    # Work orders: one per successful "open work order", none otherwise.
    opened = {event["marker"]: event for event in events["work_order"]}
    for marker, event in opened.items():
        count = orders.get(marker, (0, []))[0]
        expected = 1 if event["outcome"] == "ok" else 0
        check.expect("work order opened once / not at all", count == expected, f"{marker}: {count}")
    for marker in set(orders) - set(opened):
        check.expect("work order no call reported", False, marker)
    # Each later step of the order: its one change, or none.
    steps = (
        ("parts", "work order parts added once / not at all", lambda row, ok: row[5] == int(ok)),
        ("check_in", "work order checked in / not", lambda row, ok: row[2] == ok),
        ("estimate", "work order estimate sent / not", lambda row, ok: row[3] == ok),
        (
            "approval",
            "work order approved once / not at all",
            lambda row, ok: row[4] == int(ok) and (row[1] != "draft") == ok,
        ),
    )
    for kind, what, holds in steps:
        for event in events[kind]:
            row = order_of(event["marker"])
            ok = event["outcome"] == "ok"
            check.expect(what, row is not None and holds(row, ok), f"{event['marker']}: {row}")


def verify_estimate_emails(cr, run, events, check):
    """Each estimate sent to a customer with an email address: one estimate message on
    the work order, whose PDF is either attached (rendered by the outgoing mail queue in
    the cron worker during the run) or still to render (its email queued with the
    template): never both, never lost."""
    sent = {event["marker"] for event in events["estimate"] if event["outcome"] == "ok"}
    rows = fetch(
        cr,
        """
        SELECT o.kia_customer_concerns,
               count(DISTINCT m.id),
               count(DISTINCT a.attachment_id),
               count(DISTINCT mm.id) FILTER (WHERE mm.kia_report_template_id IS NOT NULL)
          FROM repair_order o
          JOIN res_partner p ON p.id = o.partner_id AND p.email IS NOT NULL AND p.email != ''
          LEFT JOIN mail_message m ON m.model = 'repair.order' AND m.res_id = o.id
                AND m.subject LIKE '%%' || o.name || '%%'
          LEFT JOIN message_attachment_rel a ON a.message_id = m.id
          LEFT JOIN mail_mail mm ON mm.mail_message_id = m.id
         WHERE o.kia_customer_concerns LIKE %s AND o.kia_estimate_sent_date IS NOT NULL
         GROUP BY o.id
        """,
        (f"{run}-%",),
    )
    for marker, messages, attachments, pending in rows:
        check.expect(
            "estimate email once, with its PDF or queued to render",
            marker in sent and messages == 1 and attachments + pending == 1,
            f"{marker}: {messages} messages, {attachments} PDF, {pending} to render",
        )
        check.seen["estimate PDFs rendered by the mail queue during the run"] += attachments
        check.seen["estimate PDFs still queued at the end of the run"] += pending


def verify_workshop(cr, run, events, check):
    """Dispatches and clockings."""
    pattern = f"{run}-%"
    # Dispatches: the technician of a successful dispatch is on the job.
    job_ids = list(
        {event["job"] for kind in ("dispatch", "clock_on", "clock_off") for event in events[kind]}
    )
    jobs = {
        job_id: (state, set(technicians or []) - {None})
        for job_id, state, technicians in fetch(
            cr,
            "SELECT j.id, j.state, array_agg(r.hr_employee_id) FROM kia_job_line j "
            "LEFT JOIN hr_employee_kia_job_line_rel r ON r.kia_job_line_id = j.id "
            "WHERE j.id = ANY(%s) GROUP BY j.id",
            (job_ids,),
        )
    }
    dispatched = defaultdict(list)
    for event in events["dispatch"]:
        dispatched[event["job"]].append(event)
    for job_id, job_events in dispatched.items():
        state, technicians = jobs.get(job_id, (None, set()))
        done = [event for event in job_events if event["outcome"] == "ok"]
        if done:
            ok = done[-1]["employee"] in technicians and state != "todo"
        else:
            ok = not technicians and state == "todo"
        check.expect("job dispatched / not", ok, f"job {job_id}: {state} {technicians}")

    # Clockings: as many as the successful clock-ons, closed as many as the clock-offs.
    logs = {
        (job_id, employee_id): (count, closed)
        for job_id, employee_id, count, closed in fetch(
            cr,
            "SELECT l.job_line_id, l.employee_id, count(*), count(l.date_stop) "
            "FROM kia_job_time_log l JOIN repair_order o ON o.id = l.repair_id "
            "WHERE o.kia_customer_concerns LIKE %s GROUP BY 1, 2",
            (pattern,),
        )
    }
    clock_ons = Counter(
        (event["job"], event["employee"])
        for event in events["clock_on"]
        if event["outcome"] == "ok"
    )
    clock_offs = Counter(
        (event["job"], event["employee"])
        for event in events["clock_off"]
        if event["outcome"] == "ok"
    )
    for key in set(logs) | set(clock_ons):
        count, closed = logs.get(key, (0, 0))
        check.expect("clockings = successful clock-ons", count == clock_ons[key], f"{key}: {count}")
        check.expect(
            "closed clockings = successful clock-offs",
            closed == clock_offs[key],
            f"{key}: {closed}",
        )
    for employee_id, count in fetch(
        cr,
        "SELECT employee_id, count(*) FROM kia_job_time_log WHERE date_stop IS NULL "
        "GROUP BY employee_id",
        (),
    ):
        check.expect(
            "technician with at most one open clocking", count <= 1, f"{employee_id}: {count}"
        )


def verify_parts(cr, run, events, check):
    """Issued quantities and stock."""
    pattern = f"{run}-%"
    # Issues: the issued quantity of each part line is the sum of the successful issues.
    issued = Counter()
    for event in events["issue"]:
        if event["outcome"] == "ok":
            issued[event["move"]] += event["qty"]
    moves = fetch(
        cr,
        "SELECT m.id, m.kia_issued_qty, m.product_uom_qty FROM stock_move m "
        "JOIN repair_order o ON o.id = m.repair_id "
        "WHERE o.kia_customer_concerns LIKE %s AND m.repair_line_type = 'add'",
        (pattern,),
    )
    for move_id, issued_qty, wanted in moves:
        check.expect(
            "issued quantity = successful issues",
            float(issued_qty or 0) == float(issued[move_id]) and (issued_qty or 0) <= wanted,
            f"move {move_id}: {issued_qty} in the database, {issued[move_id]} issued",
        )
    # No negative stock where the issued parts came from, and no stock reserved twice
    # (concurrent reservations on a new, empty quant: reserved above on hand).
    for product, quantity, reserved in fetch(
        cr,
        "SELECT q.product_id, sum(q.quantity), sum(q.reserved_quantity) FROM stock_quant q "
        "JOIN stock_location l ON l.id = q.location_id WHERE l.usage = 'internal' "
        "AND q.product_id IN (SELECT m.product_id FROM stock_move m "
        "JOIN repair_order o ON o.id = m.repair_id WHERE o.kia_customer_concerns LIKE %s) "
        "GROUP BY q.product_id",
        (pattern,),
    ):
        check.expect("no negative stock", quantity >= 0, f"product {product}: {quantity}")
        check.expect(
            "no stock reserved twice (reserved <= on hand)",
            reserved <= quantity,
            f"product {product}: {reserved} reserved, {quantity} on hand",
        )


def server_log_errors(path):
    """Odoo's log records at ERROR or CRITICAL (a request's traceback follows one of them),
    and the tracebacks printed outside Odoo's logging (a process that failed to start)."""
    errors, conflicts, crashes = [], [], []
    if not path:
        return errors, conflicts, crashes
    with open(path, encoding="utf-8", errors="replace") as log:
        lines = log.read().splitlines()
    for index, line in enumerate(lines):
        if re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (ERROR|CRITICAL) ", line):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if "odoo.sql_db: bad query" in line and re.search(
                "could not serialize access|deadlock detected", following
            ):
                # PostgreSQL refused one of two concurrent transactions: Odoo retries the
                # request (the call's own outcome says whether it succeeded in the end).
                conflicts.append(line)
            else:
                errors.append(line)
        elif line.startswith("Traceback") and (
            index == 0 or not re.match(r"\d{4}-\d\d-\d\d ", lines[index - 1])
        ):
            last = next(
                (later for later in lines[index + 1 :] if not later.startswith((" ", "\t"))), ""
            )
            crashes.append(last)
    return errors, conflicts, crashes


def is_setup(name):
    """A simulated user's log-in and start-up reads: once a day for a real user, not an
    action of the day's work (logging in hashes the password on purpose: it is slow)."""
    return name == "login" or name.endswith(": setup")


def print_latencies(rows, aggregated, max_p95):
    failures = []
    header = f"{'request':34} {'count':>7} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    print(header)
    print("-" * len(header))
    for row in sorted(rows, key=lambda r: (is_setup(r["Name"]), r["Name"])):
        count, errors = int(row["Request Count"]), int(row["Failure Count"])
        if not count:
            continue
        p50, p95, p99 = (float(row[key]) for key in ("50%", "95%", "99%"))
        flag = "  (start-up, no target)" if is_setup(row["Name"]) else ""
        if p95 > max_p95 and not flag:
            flag = "  p95 over target"
            failures.append(f"p95 of {row['Name']}: {p95:.0f} ms > {max_p95:.0f} ms")
        print(f"{row['Name'][:34]:34} {count:7} {errors:7} {p50:7.0f} {p95:7.0f} {p99:7.0f}{flag}")
    total = aggregated[0] if aggregated else {"Request Count": 0, "Failure Count": 0}
    total_errors = int(total["Failure Count"])
    print("-" * len(header))
    print(
        f"{'all requests':34} {int(total['Request Count']):7} {total_errors:7} "
        f"{float(total.get('50%') or 0):7.0f} {float(total.get('95%') or 0):7.0f} "
        f"{float(total.get('99%') or 0):7.0f}"
    )
    if total_errors:
        failures.append(f"{total_errors} requests failed with a server error")
    return failures


def print_outcomes(events):
    failures = []
    print(f"\n{'business action':28} {'ok':>6} {'refused':>8} {'errors':>7}")
    outcomes = defaultdict(Counter)
    messages = Counter()
    for kind_events in events.values():
        for event in kind_events:
            outcomes[event["name"]][event["outcome"]] += 1
            if event["outcome"] != "ok":
                messages[(event["outcome"], event["name"], event.get("message", "")[:90])] += 1
    for name in sorted(outcomes):
        counts = outcomes[name]
        print(f"{name[:28]:28} {counts['ok']:6} {counts['refused']:8} {counts['error']:7}")
        if counts["error"]:
            failures.append(f"{counts['error']} server errors on {name}")
    if messages:
        print("\nrefusals and errors, by message:")
        for (outcome, name, message), count in messages.most_common(12):
            print(f"  {count:4} x {outcome:7} {name}: {message}")
    return failures


def print_server_log(path):
    failures = []
    log_errors, conflicts, crashes = server_log_errors(path)
    print(
        f"\nserver log: {len(log_errors)} ERROR/CRITICAL records; {len(conflicts)} "
        "concurrent-update conflicts retried by Odoo"
    )
    for line in log_errors[:10]:
        print(f"  {line[:200]}")
    if log_errors:
        failures.append(f"{len(log_errors)} errors in the server log")
    if crashes:
        # Not a request of the load test (those are the records above): reported, not failed.
        print(f"WARNING: {len(crashes)} tracebacks outside Odoo's logging (a process that failed")
        print("  to start, e.g. the gevent process of the bus), last line of the first:")
        print(f"  {crashes[0][:200]}")
    return failures


def verify_quietly(args):
    """The records of a run whose figures do not count (the warm-up)."""
    rows, aggregated = load_stats(args.stats)
    events = load_results(args.results)
    errors = int(aggregated[0]["Failure Count"]) if aggregated else 0
    check = Checker()
    with psycopg2.connect(dbname=args.db) as connection, connection.cursor() as cr:
        verify_records(cr, args.run, events, check)
    connection.close()
    print(
        f"warm-up: {sum(len(e) for e in events.values())} business calls, {errors} server "
        f"errors, {sum(check.checked.values())} checks, {len(check.problems)} problems"
    )
    for problem in check.problems[:20]:
        print(f"  PROBLEM {problem}")
    return 1 if errors or check.problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--run", required=True, help="marker prefix of the run")
    parser.add_argument("--results", required=True)
    parser.add_argument("--stats", required=True, help="locust's *_stats.csv")
    parser.add_argument("--server-log")
    parser.add_argument("--max-p95", type=float, default=1000)
    parser.add_argument("--users", default="?")
    parser.add_argument("--seconds", default="?")
    parser.add_argument(
        "--quiet", action="store_true", help="records only: no figures, no latency target"
    )
    args = parser.parse_args()
    if args.quiet:
        return verify_quietly(args)

    rows, aggregated = load_stats(args.stats)
    events = load_results(args.results)
    failures = []

    print(f"\nLoad test: {args.users} users, {args.seconds} s, database {args.db}\n")
    failures += print_latencies(rows, aggregated, args.max_p95)
    failures += print_outcomes(events)
    failures += print_server_log(args.server_log)
    check = Checker()
    with psycopg2.connect(dbname=args.db) as connection, connection.cursor() as cr:
        verify_records(cr, args.run, events, check)
    connection.close()
    print("\nverification on the database (records of this run):")
    for what, count in sorted(check.checked.items()):
        print(f"  {count:6} checked  {what}")
    for what, count in sorted(check.seen.items()):
        print(f"  {count:6}          {what}")
    for problem in check.problems[:20]:
        print(f"  PROBLEM {problem}")
    if check.problems:
        failures.append(f"{len(check.problems)} lost, duplicated or half-done records")
    else:
        print(f"  {sum(check.checked.values())} checks: no lost, duplicated or half-done record")

    if failures:
        print("\nFAILED: " + "; ".join(failures))
        return 1
    print(f"\nPASSED: 0 server errors, 0 lost or duplicated records, p95 <= {args.max_p95:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
