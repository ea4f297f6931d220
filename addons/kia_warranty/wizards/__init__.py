from . import kia_warranty_wizards
