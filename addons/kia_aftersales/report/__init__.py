from . import kia_quality_report_xlsx
from . import kia_kpi_xlsx
