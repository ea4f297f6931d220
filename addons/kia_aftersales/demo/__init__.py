"""Demo data only: the story a working dealer would show on first start, run through the
real flows by the `<function>` records of the demo XML files. Not business code: nothing
in the models depends on it."""

from . import kia_aftersales_demo
from . import complaint_demo
from . import rescue_demo
from . import technical_demo
from . import mailbox_demo
from . import kia_scorecard_demo
