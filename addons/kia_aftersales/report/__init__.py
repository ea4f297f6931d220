from . import kia_quality_report_xlsx
