from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCertificationTour(HttpCase):
    def test_hr_records_certification_and_sees_it_in_matrix(self):
        new_test_user(
            self.env,
            login="kia_tour_hr",
            groups="base.group_user,hr.group_hr_user",
            name="Tour HR Officer",
            lang="en_US",
        )
        employee = self.env["hr.employee"].create({"name": "Tour Technician"})
        cert_type = self.env["kia.certification.type"].create(
            {"name": "Tour HV Safety", "code": "TOURHV"}
        )
        self.start_tour("/odoo", "kia_training_certification_tour", login="kia_tour_hr")
        line = self.env["hr.resume.line"].search(
            [("employee_id", "=", employee.id), ("kia_certification_type_id", "=", cert_type.id)]
        )
        self.assertEqual(line.kia_certificate_number, "TOUR-0001")
        self.assertEqual(line.create_uid.login, "kia_tour_hr")
        self.assertEqual(line.expiration_status, "valid")
