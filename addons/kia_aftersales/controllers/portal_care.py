from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal import MAX_ID


class KiaCarePortal(CustomerPortal):
    """The customer's roadside rescues (外出救援) on the portal: the list, each rescue's
    times and outcome, and its chatter to write to customer relations. Rescues are read as
    the system, always within the customer's own commercial entity; another customer's
    rescue is not found (404). The chatter posts with the rescue's access token, which
    only its own customer's page carries."""

    def _kia_rescue_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", partner.id)]

    def _kia_rescues(self, extra_domain=None, limit=None):
        return (
            request.env["kia.rescue"]
            .sudo()
            .search(self._kia_rescue_domain() + (extra_domain or []), limit=limit)
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "kia_rescue_count" in counters:
            values["kia_rescue_count"] = (
                request.env["kia.rescue"].sudo().search_count(self._kia_rescue_domain())
            )
        return values

    @route("/my/rescues", type="http", auth="user", website=True)
    def kia_portal_rescues(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({"rescues": self._kia_rescues(), "page_name": "kia_rescues"})
        return request.render("kia_aftersales.portal_my_rescues", values)

    @route("/my/rescues/<int:rescue_id>", type="http", auth="user", website=True)
    def kia_portal_rescue(self, rescue_id, **kw):
        if not 0 < rescue_id <= MAX_ID:
            raise request.not_found()
        rescue = self._kia_rescues([("id", "=", rescue_id)], limit=1)
        if not rescue:
            raise request.not_found()
        rescue._portal_ensure_token()
        values = self._prepare_portal_layout_values()
        values.update({"rescue": rescue, "page_name": "kia_rescues"})
        values = self._get_page_view_values(
            rescue, rescue.access_token, values, "my_rescues_history", False, **kw
        )
        return request.render("kia_aftersales.portal_my_rescue", values)
