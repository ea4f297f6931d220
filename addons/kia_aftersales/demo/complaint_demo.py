# Placeholder: filled by the customer-care work package.
