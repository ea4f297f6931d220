from . import common
from . import test_certification
from . import test_authorisation
from . import test_qualification_gap
from . import test_training
from . import test_access
from . import test_tour
from . import test_integrity_training
