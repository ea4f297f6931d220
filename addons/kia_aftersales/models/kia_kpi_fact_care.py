from odoo import api, fields, models
from odoo.tools import SQL

from .kia_kpi_fact import ratio


def company_tz(company_column):
    """SQL: the time zone of the company in ``company_column`` (an ``SQL`` column), as
    ``res.company._kia_tz`` reads it (its address's, else its working hours', else UTC)."""
    return SQL(
        """(SELECT COALESCE(NULLIF(tz_partner.tz, ''), tz_calendar.tz, 'UTC')
              FROM res_company tz_company
              JOIN res_partner tz_partner ON tz_partner.id = tz_company.partner_id
              LEFT JOIN resource_calendar tz_calendar
                     ON tz_calendar.id = tz_company.resource_calendar_id
             WHERE tz_company.id = %s)""",
        company_column,
    )


def local_date(timestamp, company_column):
    """SQL: the dealer's local date of the UTC ``timestamp`` column."""
    return SQL(
        "((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date",
        timestamp,
        company_tz(company_column),
    )


class KiaKpiFact(models.Model):
    """Customer sources of the KPI fact table: follow-ups (CSI), complaints, retention."""

    _inherit = "kia.kpi.fact"  # pylint: disable=consider-merging-classes-inherited

    csi_total = fields.Float(readonly=True, digits=(16, 2))
    csi_count = fields.Integer(readonly=True)
    csi = fields.Float(digits=(16, 2), **ratio("csi_total", "csi_count", 1.0))
    complaints = fields.Integer(readonly=True)
    complaints_closed = fields.Integer(readonly=True)
    closure_hours = fields.Float(readonly=True, digits=(16, 2))
    closure_time = fields.Float(digits=(16, 2), **ratio("closure_hours", "complaints_closed", 1.0))
    customers_base = fields.Integer(readonly=True)
    customers_returned = fields.Integer(readonly=True)
    customers_lost = fields.Integer(readonly=True)
    retention_rate = fields.Float(
        digits=(16, 2), **ratio("customers_returned", "customers_base", 100.0)
    )
    lost_rate = fields.Float(digits=(16, 2), **ratio("customers_lost", "customers_base", 100.0))

    # ------------------------------------------------------------------ follow-ups (CSI)
    @api.model
    def _kia_source_followup_keys(self, since):
        return SQL(
            "SELECT f.id AS res_id, NULL::date AS date FROM kia_service_followup f WHERE %s",
            self._kia_since_clause("f", since),
        )

    @api.model
    def _kia_source_followup_rows(self, keys):
        """A follow-up whose CSI questionnaire was answered: its score, on the day of
        the contact, for the work order's advisor."""
        return SQL(
            """SELECT 'followup' AS source, f.id AS res_id,
                      %(day)s AS date, f.company_id, f.repair_id, f.advisor_id,
                      ro.kia_vehicle_model_id AS vehicle_model_id,
                      f.csi_score AS csi_total, 1 AS csi_count
                 FROM %(keys)s k
                 JOIN kia_service_followup f ON f.id = k.res_id
                 LEFT JOIN repair_order ro ON ro.id = f.repair_id
                WHERE f.state = 'done' AND f.user_input_id IS NOT NULL
                  AND f.contact_date IS NOT NULL""",
            keys=keys,
            day=local_date(SQL("f.contact_date"), SQL("f.company_id")),
        )

    # ------------------------------------------------------------------ complaints
    @api.model
    def _kia_source_complaint_keys(self, since):
        return SQL(
            """SELECT t.id AS res_id, NULL::date AS date FROM helpdesk_ticket t
                WHERE t.kia_kind = 'complaint' AND %s""",
            self._kia_since_clause("t", since),
        )

    @api.model
    def _kia_source_complaint_rows(self, keys):
        """A complaint counts on the day it was received (a cancelled one does not: a
        duplicate or a withdrawn call is no complaint); a closed one counts again on its
        closing day with its closure time (hours from creation to closure)."""
        closed = self.env.ref("kia_aftersales.helpdesk_stage_complaint_closed").id
        cancelled = self.env.ref("kia_aftersales.helpdesk_stage_complaint_cancelled").id
        return SQL(
            """WITH tickets AS (
                   SELECT t.id, t.company_id, t.create_date, t.closed_date, t.stage_id,
                          t.kia_advisor_id, t.kia_closure_hours, v.model_id,
                          (SELECT MIN(rel.repair_id) FROM helpdesk_ticket_repair_order_rel rel
                            WHERE rel.ticket_id = t.id) AS repair_id
                     FROM %(keys)s k
                     JOIN helpdesk_ticket t ON t.id = k.res_id
                     LEFT JOIN fleet_vehicle v ON v.id = t.kia_vehicle_id
                    WHERE t.kia_kind = 'complaint' AND t.company_id IS NOT NULL
                      AND t.stage_id IS DISTINCT FROM %(cancelled)s
               )
               SELECT 'complaint' AS source, t.id AS res_id, %(created)s AS date,
                      t.company_id, t.repair_id, t.kia_advisor_id AS advisor_id,
                      t.model_id AS vehicle_model_id, 1 AS complaints,
                      0 AS complaints_closed, 0.0 AS closure_hours
                 FROM tickets t
               UNION ALL
               SELECT 'complaint', t.id, %(closed_day)s, t.company_id, t.repair_id,
                      t.kia_advisor_id, t.model_id, 0, 1, t.kia_closure_hours
                 FROM tickets t
                WHERE t.stage_id = %(closed)s AND t.closed_date IS NOT NULL""",
            keys=keys,
            cancelled=cancelled,
            closed=closed,
            created=local_date(SQL("t.create_date"), SQL("t.company_id")),
            closed_day=local_date(SQL("t.closed_date"), SQL("t.company_id")),
        )

    # ------------------------------------------------------------------ retention
    @api.model
    def _kia_source_retention_month_keys(self, since):
        """(dealer, month) of the months whose figures a changed work order can change:
        a delivery in month D counts in the 24 months after D (as a visit of the base
        in months D+13 … D+24, as a return in months D+1 … D+12), up to the current
        month; the current month of every dealer with deliveries is always refreshed
        (its figures are complete from its first day on). All months when ``since`` is
        None."""
        month = SQL(
            "date_trunc('month', %s)",
            local_date(SQL("ro.kia_delivered_date"), SQL("ro.company_id")),
        )
        current = SQL(
            "date_trunc('month', (now() AT TIME ZONE %s))::date",
            company_tz(SQL("ro.company_id")),
        )
        if since is None:
            changed = SQL(
                """SELECT ro.company_id AS res_id,
                          MIN(%(month)s)::date AS first_month,
                          MAX(%(current)s) AS current_month
                     FROM repair_order ro
                    WHERE ro.kia_delivered_date IS NOT NULL
                    GROUP BY ro.company_id""",
                month=month,
                current=current,
            )
        else:
            changed = SQL(
                """SELECT DISTINCT ro.company_id AS res_id, %(month)s::date AS first_month,
                          %(current)s AS current_month
                     FROM repair_order ro
                    WHERE ro.kia_delivered_date IS NOT NULL AND %(since)s""",
                month=month,
                current=current,
                since=self._kia_since_clause("ro", since),
            )
        # A change reaches the 24 months after its delivery; everything: all months
        # from the first delivery on.
        last = (
            SQL("c.current_month")
            if since is None
            else SQL("LEAST(c.current_month, c.first_month + interval '24 months')")
        )
        return SQL(
            """WITH changed AS (%(changed)s)
               SELECT c.res_id, m::date AS date
                 FROM changed c,
                      generate_series(c.first_month + interval '1 month', %(last)s,
                                      interval '1 month') m
               UNION
               SELECT c.res_id, c.current_month FROM changed c""",
            changed=changed,
            last=last,
        )

    @api.model
    def _kia_source_retention_month_rows(self, keys):
        """Customer retention of month M at a dealer (the customer is the work order's
        commercial partner; a visit is a delivered vehicle work order, the dealer's local
        delivery day):

        * base: customers with a paid visit (the customer paid something:
          ``kia_amount_customer`` > 0) in the 12 months [M−24, M−12);
        * returned: those of them with any visit in the 12 months [M−12, M);
        * lost: base − returned."""
        day = local_date(SQL("ro.kia_delivered_date"), SQL("ro.company_id"))
        return SQL(
            """WITH visits AS (
                   SELECT ro.company_id, COALESCE(p.commercial_partner_id, p.id) AS partner_id,
                          %(day)s AS day, COALESCE(ro.kia_amount_customer, 0) > 0 AS paid
                     FROM repair_order ro
                     JOIN res_partner p ON p.id = ro.partner_id
                    WHERE ro.kia_delivered_date IS NOT NULL
                      AND ro.kia_vehicle_id IS NOT NULL
                      AND ro.state != 'cancel'
                      AND ro.company_id IN (SELECT res_id FROM %(keys)s)
               ), customers AS (
                   SELECT k.res_id AS company_id, k.date, v.partner_id,
                          BOOL_OR(v.day >= (k.date - interval '12 months')::date) AS returned
                     FROM %(keys)s k
                     JOIN visits v ON v.company_id = k.res_id
                                  AND v.day >= (k.date - interval '24 months')::date
                                  AND v.day < k.date
                    GROUP BY k.res_id, k.date, v.partner_id
                   HAVING BOOL_OR(v.paid AND v.day < (k.date - interval '12 months')::date)
               )
               SELECT 'retention_month' AS source, c.company_id AS res_id, c.date,
                      c.company_id,
                      COUNT(*) AS customers_base,
                      COUNT(*) FILTER (WHERE c.returned) AS customers_returned,
                      COUNT(*) FILTER (WHERE NOT c.returned) AS customers_lost
                 FROM customers c
                GROUP BY c.company_id, c.date""",
            day=day,
            keys=keys,
        )
