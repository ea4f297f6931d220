from . import monthly_parts_report
