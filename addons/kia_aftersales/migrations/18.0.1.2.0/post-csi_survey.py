"""CSI on Odoo's survey and customer messages chosen per company (issue items 4 and 5).

The data file that makes the shipped templates and CSI questionnaire the defaults of the
companies' settings is loaded at install only: on an upgraded database, the same is done
here. Planned follow-ups get their company's questionnaire; the CSI of follow-ups that
were not answered becomes empty instead of 0, so that averages count answers only."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    defaults = env["ir.default"]
    companies = env["res.company"]
    for name in companies._kia_customer_message_fields() + ["kia_csi_survey_id"]:
        xmlid = (
            "kia_aftersales.survey_kia_csi"
            if name == "kia_csi_survey_id"
            else "kia_aftersales." + name.removeprefix("kia_").removesuffix("_id")
        )
        record = env.ref(xmlid, raise_if_not_found=False)
        if record and not defaults._get("res.company", name):
            defaults.set("res.company", name, record.id)
    companies._kia_default_customer_messages()
    env.flush_all()
    cr.execute(
        """
        UPDATE kia_service_followup f
           SET survey_id = c.kia_csi_survey_id
          FROM res_company c
         WHERE c.id = f.company_id AND f.state = 'planned' AND f.survey_id IS NULL
        """
    )
    cr.execute("UPDATE kia_service_followup SET csi_score = NULL WHERE state != 'done'")
