from . import warranty_claim_xlsx
