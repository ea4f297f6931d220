from . import test_policy
from . import test_claim
from . import test_old_parts
from . import test_accounting
from . import test_access
from . import test_tour
from . import test_performance
from . import test_views
