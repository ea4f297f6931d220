from . import common
from . import test_catalogue
from . import test_orders
from . import test_receiving
from . import test_issue
from . import test_stocktake
from . import test_reports
from . import test_tour
