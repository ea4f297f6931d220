from . import portal
from . import portal_care
from . import portal_complaint
