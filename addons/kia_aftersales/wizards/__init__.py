from . import kia_approval_wizard
from . import kia_dispatch_wizard
from . import kia_delivery_wizard
from . import kia_campaign_vin_wizard
from . import kia_csi_answer_wizard
from . import comment_wizard
from . import kia_complaint_rating_wizard
from . import kia_technical_answer_wizard
