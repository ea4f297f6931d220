from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestHelpdeskTranslation(TransactionCase):
    """The OCA helpdesk ships no Chinese: the suite's i18n_extra/zh_CN.po translates its
    labels, stages and menus, so customer care's screens are Chinese throughout."""

    def test_helpdesk_labels_stages_and_menus_in_chinese(self):
        if not self.env["res.lang"]._lang_get("zh_CN"):
            self.skipTest("Chinese is not installed in this database")
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        labels = env["helpdesk.ticket"].fields_get(["user_id", "team_id", "priority", "stage_id"])
        self.assertEqual(
            {name: field["string"] for name, field in labels.items()},
            {"user_id": "负责人", "team_id": "团队", "priority": "优先级", "stage_id": "阶段"},
        )
        self.assertEqual(env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").name, "新建")
        self.assertEqual(env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu").name, "服务台")
