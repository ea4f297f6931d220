from . import kia_certification_revoke_wizard
