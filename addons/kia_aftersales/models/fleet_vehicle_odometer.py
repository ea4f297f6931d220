from odoo import api, models
from odoo.exceptions import ValidationError


class FleetVehicleOdometer(models.Model):
    """A reading becomes evidence (append-only, ``kia.workflow.mixin``) once a work
    order's check-in refers to it: it is what the customer's vehicle showed on arrival
    (warranty mileage, service intervals). Other readings stay Odoo's fleet records,
    edited and deleted as fleet does (its own flows and tests keep working). A wrong
    check-in reading is not rewritten by a user, whatever his fleet rights (a later
    reading is recorded instead); only code running as the system can."""

    _name = "fleet.vehicle.odometer"
    _inherit = ["fleet.vehicle.odometer", "kia.workflow.mixin"]

    def _kia_evidence(self):
        if not self.ids:
            return self.browse()
        used = (
            self.env["repair.order"]
            .sudo()
            .search([("kia_checkin_odometer_id", "in", self.ids)])
            .kia_checkin_odometer_id
        )
        return self.filtered(lambda reading: reading.id in used.ids)

    @api.constrains("value", "date", "vehicle_id")
    def _check_kia_odometer_never_goes_back(self):
        """An odometer reading can be neither below an earlier reading nor above a later
        one of the same vehicle (one query for the batch)."""
        others = self.search(
            [("vehicle_id", "in", self.vehicle_id.ids), ("id", "not in", self.ids)]
        )
        by_vehicle = others.grouped("vehicle_id")
        for reading in self:
            for other in by_vehicle.get(reading.vehicle_id, []):
                earlier = other.date <= reading.date
                if (earlier and other.value > reading.value) or (
                    not earlier and other.value < reading.value
                ):
                    raise ValidationError(
                        self.env._(
                            "Odometer of %(vehicle)s: %(value)s km on %(date)s, but %(other)s "
                            "km were recorded on %(other_date)s. An odometer never goes back: "
                            "check the reading.",
                            vehicle=reading.vehicle_id.display_name,
                            value=reading.value,
                            date=reading.date,
                            other=other.value,
                            other_date=other.date,
                        )
                    )
