"""View ids in Odoo's pattern (issue 10, item 10): ``<model>_view_<type>``, and
``<model>_view_<type>_inherit_<module>`` for an extension of another module's view."""

from odoo.addons.kia_training.upgrade import rename_xmlids

MODULE = "kia_training"
RENAMED = {
    "hr_course_form_view_kia": "hr_course_view_form_inherit_kia_training",
    "hr_course_tree_view_kia": "hr_course_view_list_inherit_kia_training",
    "hr_course_schedule_form_view_kia": "hr_course_schedule_view_form_inherit_kia_training",
    "hr_course_attendee_list_kia": "hr_course_attendee_view_list",
    "hr_course_schedule_tree_view_kia": "hr_course_schedule_view_list_inherit_kia_training",
    "hr_course_schedule_search_view_kia": "hr_course_schedule_view_search_inherit_kia_training",
    "view_employee_form_kia": "hr_employee_view_form_inherit_kia_training",
    "view_employee_list_kia_gaps": "hr_employee_view_list_qualification_gap",
    "view_hr_job_form_kia": "hr_job_view_form_inherit_kia_training",
    "hr_resume_line_view_form_kia": "hr_resume_line_view_form",
    "hr_resume_line_view_list_kia": "hr_resume_line_view_list",
    "hr_resume_line_view_search_kia": "hr_resume_line_view_search",
    "hr_resume_line_view_pivot_kia": "hr_resume_line_view_pivot",
    "hr_resume_line_view_graph_kia": "hr_resume_line_view_graph",
    "res_config_settings_view_form_kia_training": (
        "res_config_settings_view_form_inherit_kia_training"
    ),
}


def migrate(cr, version):
    rename_xmlids(cr, MODULE, RENAMED)
