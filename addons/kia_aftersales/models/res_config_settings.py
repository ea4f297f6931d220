from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_labour_rate = fields.Monetary(related="company_id.kia_labour_rate", readonly=False)
    kia_labour_product_id = fields.Many2one(
        related="company_id.kia_labour_product_id", readonly=False
    )
    kia_appointment_slot_minutes = fields.Integer(
        related="company_id.kia_appointment_slot_minutes", readonly=False
    )
    kia_appointment_reminder_hours = fields.Integer(
        related="company_id.kia_appointment_reminder_hours", readonly=False
    )
    kia_no_show_grace_minutes = fields.Integer(
        related="company_id.kia_no_show_grace_minutes", readonly=False
    )
    kia_portal_max_appointments = fields.Integer(
        related="company_id.kia_portal_max_appointments", readonly=False
    )
    kia_followup_days = fields.Integer(related="company_id.kia_followup_days", readonly=False)
    kia_comeback_days = fields.Integer(related="company_id.kia_comeback_days", readonly=False)
    kia_followup_user_id = fields.Many2one(
        related="company_id.kia_followup_user_id", readonly=False
    )
    kia_first_service_months = fields.Integer(
        related="company_id.kia_first_service_months", readonly=False
    )
    kia_first_service_km = fields.Integer(related="company_id.kia_first_service_km", readonly=False)
    kia_service_interval_months = fields.Integer(
        related="company_id.kia_service_interval_months", readonly=False
    )
    kia_service_interval_km = fields.Integer(
        related="company_id.kia_service_interval_km", readonly=False
    )
    kia_service_reminder_days = fields.Integer(
        related="company_id.kia_service_reminder_days", readonly=False
    )
    kia_basic_warranty_months = fields.Integer(
        related="company_id.kia_basic_warranty_months", readonly=False
    )
    kia_basic_warranty_km = fields.Integer(
        related="company_id.kia_basic_warranty_km", readonly=False
    )
    kia_mail_template_appointment_confirmed_id = fields.Many2one(
        related="company_id.kia_mail_template_appointment_confirmed_id", readonly=False
    )
    kia_sms_template_appointment_confirmed_id = fields.Many2one(
        related="company_id.kia_sms_template_appointment_confirmed_id", readonly=False
    )
    kia_mail_template_appointment_reminder_id = fields.Many2one(
        related="company_id.kia_mail_template_appointment_reminder_id", readonly=False
    )
    kia_sms_template_appointment_reminder_id = fields.Many2one(
        related="company_id.kia_sms_template_appointment_reminder_id", readonly=False
    )
    kia_mail_template_estimate_id = fields.Many2one(
        related="company_id.kia_mail_template_estimate_id", readonly=False
    )
    kia_sms_template_estimate_id = fields.Many2one(
        related="company_id.kia_sms_template_estimate_id", readonly=False
    )
    kia_mail_template_additional_work_id = fields.Many2one(
        related="company_id.kia_mail_template_additional_work_id", readonly=False
    )
    kia_sms_template_additional_work_id = fields.Many2one(
        related="company_id.kia_sms_template_additional_work_id", readonly=False
    )
    kia_mail_template_ready_id = fields.Many2one(
        related="company_id.kia_mail_template_ready_id", readonly=False
    )
    kia_sms_template_ready_id = fields.Many2one(
        related="company_id.kia_sms_template_ready_id", readonly=False
    )
    kia_mail_template_followup_survey_id = fields.Many2one(
        related="company_id.kia_mail_template_followup_survey_id", readonly=False
    )
    kia_sms_template_followup_survey_id = fields.Many2one(
        related="company_id.kia_sms_template_followup_survey_id", readonly=False
    )
    kia_csi_survey_id = fields.Many2one(related="company_id.kia_csi_survey_id", readonly=False)
    kia_csi_send_link = fields.Boolean(related="company_id.kia_csi_send_link", readonly=False)
    kia_clock_requires_attendance = fields.Boolean(
        related="company_id.kia_clock_requires_attendance", readonly=False
    )
