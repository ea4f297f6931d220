from datetime import timedelta

import pytz
from werkzeug.urls import url_encode

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal

# Ids beyond PostgreSQL's integer are no record's; a customer's request is a few lines;
# a booking is for the coming months, not the year 9999.
MAX_ID = 2**31 - 1
MAX_REQUEST_TEXT = 2000
MAX_BOOKING_DAYS = 366


class KiaAftersalesPortal(CustomerPortal):
    """Customers see their vehicles, work orders and appointments, and book a service
    (预约) from the portal. Records are read as the system, always within the customer's
    own commercial entity."""

    def _kia_partner_domain(self, field="partner_id"):
        partner = request.env.user.partner_id.commercial_partner_id
        return [(field, "child_of", partner.id)]

    def _kia_vehicle_domain(self):
        return self._kia_partner_domain("kia_owner_id")

    def _kia_work_order_domain(self):
        return self._kia_partner_domain() + [("kia_vehicle_id", "!=", False)]

    def _kia_vehicles(self):
        return request.env["fleet.vehicle"].sudo().search(self._kia_vehicle_domain())

    def _kia_work_orders(self, extra_domain=None, limit=None):
        return (
            request.env["repair.order"]
            .sudo()
            .search(
                self._kia_work_order_domain() + (extra_domain or []),
                order="kia_checkin_date desc, id desc",
                limit=limit,
            )
        )

    def _kia_appointments(self):
        return (
            request.env["kia.appointment"]
            .sudo()
            .search(self._kia_partner_domain(), order="start desc")
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        counts = {
            "kia_vehicle_count": ("fleet.vehicle", self._kia_vehicle_domain),
            "kia_work_order_count": ("repair.order", self._kia_work_order_domain),
            "kia_appointment_count": ("kia.appointment", self._kia_partner_domain),
        }
        for counter, (model, domain) in counts.items():
            if counter in counters:
                values[counter] = request.env[model].sudo().search_count(domain())
        return values

    @route("/my/vehicles", type="http", auth="user", website=True)
    def kia_portal_vehicles(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({"vehicles": self._kia_vehicles(), "page_name": "kia_vehicles"})
        return request.render("kia_aftersales.portal_my_vehicles", values)

    @route("/my/work-orders", type="http", auth="user", website=True)
    def kia_portal_work_orders(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({"orders": self._kia_work_orders(), "page_name": "kia_work_orders"})
        return request.render("kia_aftersales.portal_my_work_orders", values)

    @route("/my/work-orders/<int:order_id>", type="http", auth="user", website=True)
    def kia_portal_work_order(self, order_id, **kw):
        if not 0 < order_id <= MAX_ID:
            return request.redirect("/my/work-orders")
        order = self._kia_work_orders([("id", "=", order_id)], limit=1)
        if not order:
            return request.redirect("/my/work-orders")
        values = self._prepare_portal_layout_values()
        values.update({"order": order, "page_name": "kia_work_orders"})
        return request.render("kia_aftersales.portal_my_work_order", values)

    @route("/my/appointments", type="http", auth="user", website=True)
    def kia_portal_appointments(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "appointments": self._kia_appointments(),
                "vehicles": self._kia_vehicles(),
                "page_name": "kia_appointments",
                "error": kw.get("error"),
                "booked": kw.get("booked"),
            }
        )
        return request.render("kia_aftersales.portal_my_appointments", values)

    @route("/my/appointments/new", type="http", auth="user", website=True, methods=["POST"])
    def kia_portal_book(self, vehicle_id=None, start=None, request_text=None, **kw):
        """Book a service: a draft appointment the advisors confirm; the slot capacity
        rules apply as for any appointment."""
        vehicle = self._kia_vehicles().filtered(lambda v: str(v.id) == str(vehicle_id))
        if not vehicle or not start:
            return self._kia_back(error=request.env._("Choose your vehicle and a time."))
        if len(request_text or "") > MAX_REQUEST_TEXT:
            return self._kia_back(
                error=request.env._(
                    "Describe your request in at most %(max)s characters.", max=MAX_REQUEST_TEXT
                )
            )
        try:
            local = fields.Datetime.to_datetime(start.replace("T", " "))
        except ValueError:
            return self._kia_back(error=request.env._("Choose a time in the future."))
        if local > fields.Datetime.now() + timedelta(days=MAX_BOOKING_DAYS):
            return self._kia_back(
                error=request.env._(
                    "Bookings open %(days)s days ahead: choose an earlier time.",
                    days=MAX_BOOKING_DAYS,
                )
            )
        timezone = pytz.timezone(request.env.user.tz or "Asia/Shanghai")
        start_utc = timezone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        if start_utc <= fields.Datetime.now():
            return self._kia_back(error=request.env._("Choose a time in the future."))
        try:
            with request.env.cr.savepoint():
                request.env["kia.appointment"].sudo().create(
                    {
                        "partner_id": vehicle.kia_owner_id.id,
                        "vehicle_id": vehicle.id,
                        "company_id": vehicle.company_id.id or request.env.company.id,
                        "start": start_utc,
                        "channel": "portal",
                        "customer_request": (request_text or "").strip() or False,
                    }
                )
        except ValidationError as error:
            return self._kia_back(error=error.args[0])
        return self._kia_back(booked=1)

    def _kia_back(self, **query):
        return request.redirect(f"/my/appointments?{url_encode(query)}")
