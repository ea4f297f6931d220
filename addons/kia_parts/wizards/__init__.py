from . import kia_parts_report_wizard
from . import kia_parts_issue_wizard
