from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

# What a client may send at most (bad input is refused with a message, before the
# database or Python's conversions fail on it): the longest text, the largest number.
MAX_TEXT = 100_000
MAX_NUMBER = 1e12
MAX_INTEGER = 2**31 - 1
NUMBER_TYPES = ("float", "integer", "monetary")

# Framework fields that a user's action legitimately writes on any record (chatter,
# activities, followers, access tokens).
FREE_PREFIXES = ("message_", "activity_", "website_message", "access_", "__")


class KiaWorkflowMixin(models.AbstractModel):
    """The one mechanism of the suite for what the workflow owns.

    *Workflow fields* (states, who/when stamps, counters, approvals, the suite's stored
    computed amounts) are written by the flow only: its action methods check the rules and
    the user's right, then write them as the system (``sudo()``). A client's ``create`` or
    ``write`` of them, over RPC or an import, is refused whatever the role. A field is owned
    when it is declared with ``kia_workflow=True``, named in ``_kia_workflow_fields`` (for
    fields another module defines), or is a stored computed field of a ``kia_*`` module
    without inverse.

    *Evidence* models (``_kia_append_only = True``: approvals, quality checks, clocked time,
    checklist results, odometer readings) are created by the flow and then never edited
    (but for ``_kia_append_only_editable``) nor deleted by users: a correction is a new
    record. The parents of evidence refuse their own deletion (see ``_kia_check_no_evidence``).

    A client cannot forge ``sudo()``: it is the only way around these checks, unlike a
    context key, which any RPC call can pass.
    """

    _name = "kia.workflow.mixin"
    _description = "Fields Owned by the Workflow"

    # Names of fields owned by the workflow that this module does not declare itself.
    _kia_workflow_fields = ()
    # Values a record may be created with for its workflow fields (besides the defaults).
    _kia_initial_states = ()
    # Evidence: append-only.
    _kia_append_only = False
    _kia_append_only_editable = ()

    @api.model
    def _valid_field_parameter(self, field, name):
        return name == "kia_workflow" or super()._valid_field_parameter(field, name)

    @api.model
    @tools.ormcache()
    def _kia_workflow_field_names(self):
        names = set(self._kia_workflow_fields)
        for name, field in self._fields.items():
            if getattr(field, "kia_workflow", False):
                names.add(name)
            elif (
                field.store
                and field.compute
                and not field.inverse
                and field.readonly
                and (field._module or "").startswith("kia_")
            ):
                names.add(name)
        return frozenset(names)

    def _kia_workflow_error(self, names):
        """The message shown when a client writes workflow fields; models may say which
        buttons change them."""
        return self.env._(
            "%(fields)s of %(model)s change through the workflow (its buttons), not by "
            "editing: the change was refused.",
            fields=", ".join(
                sorted(self._fields[name]._description_string(self.env) for name in names)
            ),
            model=self._description,
        )

    def _kia_check_value_types(self, vals):
        """A client's values have the field's type and a sane size: numbers are numbers
        (not text, lists...) and not absurdly large, dates are dates, texts are not
        megabytes. Refused with the field's name, before anything is written."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if not field or value is False or value is None:
                continue
            label = field._description_string(self.env)
            if field.type in NUMBER_TYPES:
                limit = MAX_INTEGER if field.type == "integer" else MAX_NUMBER
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValidationError(self.env._("%(field)s must be a number.", field=label))
                if abs(value) > limit:
                    raise ValidationError(
                        self.env._("%(field)s is too large (%(value)s).", field=label, value=value)
                    )
            elif field.type in ("date", "datetime"):
                convert = (
                    fields.Date.to_date if field.type == "date" else fields.Datetime.to_datetime
                )
                try:
                    convert(value)
                except (TypeError, ValueError) as error:
                    raise ValidationError(
                        self.env._("%(field)s must be a date.", field=label)
                    ) from error
            elif field.type in ("char", "text") and isinstance(value, str):
                if len(value) > MAX_TEXT:
                    raise ValidationError(
                        self.env._(
                            "%(field)s is too long (at most %(max)s characters).",
                            field=label,
                            max=MAX_TEXT,
                        )
                    )
            elif field.type in ("char", "text", "selection") and not isinstance(value, str):
                raise ValidationError(self.env._("%(field)s must be a text.", field=label))
            elif field.type == "many2one" and (
                isinstance(value, bool)
                or not isinstance(value, int | models.BaseModel)
                or (isinstance(value, int) and not 0 < value <= MAX_INTEGER)
            ):
                raise ValidationError(
                    self.env._("%(field)s must be the id of a record.", field=label)
                )

    def _kia_check_workflow_vals(self, vals, creating=False):
        if self.env.su:
            return
        self._kia_check_value_types(vals)
        owned = self._kia_workflow_field_names() & set(vals)
        if creating and owned:
            defaults = self.default_get(list(owned))
            owned = {
                name
                for name in owned
                if vals[name]
                and vals[name] != defaults.get(name)
                and vals[name] not in self._kia_initial_states
            }
        if owned:
            raise UserError(self._kia_workflow_error(owned))
        if not creating and self._kia_evidence():
            changed = {
                key
                for key in vals
                if not key.startswith(FREE_PREFIXES) and key not in self._kia_append_only_editable
            }
            if changed:
                raise UserError(
                    self.env._(
                        "%(model)s is a record of what happened: it cannot be changed. "
                        "Record a new one to correct it.",
                        model=self._description,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kia_check_workflow_vals(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._kia_check_workflow_vals(vals)
        return super().write(vals)

    def _kia_evidence(self):
        """The records of ``self`` that are evidence (append-only): all of them on an
        evidence model. A model whose records become evidence only once recorded (a
        check-in's checklist, a reading used by a check-in) returns those."""
        return self if self._kia_append_only else self.browse()

    @api.ondelete(at_uninstall=False)
    def _kia_unlink_except_evidence(self):
        if self._kia_evidence() and not self.env.su:
            raise UserError(
                self.env._(
                    "%(model)s is a record of what happened: it cannot be deleted.",
                    model=self._description,
                )
            )

    def _kia_flow_write(self, vals):
        """Write workflow fields for an action, once the user's right to change these
        records is checked."""
        self.check_access("write")
        return self.sudo().write(vals)
