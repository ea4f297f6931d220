"""The access matrix of the suite is a reviewed table in the repository.

Each addon's ``security/access_matrix.csv`` lists, one line each:

* ``acl``: an access right (``ir.model.access``) of the addon, or of any model for one of
  the suite's roles: model, group, read / write / create / delete;
* ``rule``: a record rule (``ir.rule``) of the addon, on one of the suite's models, for
  one of its roles, or on a model whose rules it rewrites (``hr.resume.line``): model,
  groups (none: a global rule, e.g. the per-company rules), the operations it applies to
  and its domain;
* ``login``: a demo login and the role groups it holds, nothing else (with what they imply).

The test below reads what is installed and fails on any difference, so that a changed
right is a change of the table, reviewed with the code. To regenerate the table after a
deliberate change, in ``odoo shell``::

    from odoo.addons.kia_aftersales.tests.test_access_matrix import write_matrix
    write_matrix(env)
"""

import csv
import io
import os

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

KIA_MODULES = ("kia_training", "kia_aftersales", "kia_parts", "kia_warranty")
COLUMNS = ["kind", "id", "model", "groups", "read", "write", "create", "unlink", "domain"]
# Models whose Odoo rules a Kia addon rewrites: every rule on them is in the table.
REWRITTEN_MODELS = {"hr.resume.line": "kia_training"}
# The demo logins and the addon that sets their role last.
DEMO_LOGINS = {
    "hr": "kia_aftersales",
    "trainer": "kia_aftersales",
    "technician": "kia_aftersales",
    "manager": "kia_aftersales",
    "advisor": "kia_aftersales",
    "advisor2": "kia_aftersales",
    "foreman": "kia_aftersales",
    "technician2": "kia_aftersales",
    "cr": "kia_aftersales",
    "info": "kia_aftersales",
    "cashier": "kia_aftersales",
    "customer": "kia_aftersales",
    "parts": "kia_parts",
    "parts2": "kia_parts",
    "warranty": "kia_warranty",
    "accountant": "kia_warranty",
}
# Groups a user of any role holds through base.group_user / base.group_portal (features
# switched on in the settings, implied by those): they are not part of a role.
BASE_ROLES = ("base.group_user", "base.group_portal")


def _xmlids(records):
    """{record id: "module.name"} (one query)."""
    if not records:
        return {}
    data = (
        records.env["ir.model.data"]
        .sudo()
        .search_read(
            [("model", "=", records._name), ("res_id", "in", records.ids)],
            ["module", "name", "res_id"],
            order="id",
        )
    )
    return {row["res_id"]: f"{row['module']}.{row['name']}" for row in data}


def _flag(value):
    return "1" if value else "0"


def current_matrix(env):
    """The installed matrix: a set of tuples in the order of ``COLUMNS``, with the
    module whose table lists each line."""
    env = env(su=True)
    groups = env["res.groups"].with_context(active_test=False).search([])
    group_ids = _xmlids(groups)
    kia_groups = groups.filtered(
        lambda group: group_ids.get(group.id, "").split(".")[0] in KIA_MODULES
    )

    def module_of(xmlid):
        return xmlid.split(".")[0]

    def group_names(records):
        return " ".join(sorted(group_ids.get(group.id, str(group.id)) for group in records))

    rows = set()
    accesses = env["ir.model.access"].with_context(active_test=False).search([])
    access_ids = _xmlids(accesses)
    for access in accesses:
        xmlid = access_ids.get(access.id, "")
        if module_of(xmlid) in KIA_MODULES:
            owner = module_of(xmlid)
        elif access.group_id in kia_groups:
            owner = module_of(group_ids[access.group_id.id])
        else:
            continue
        rows.add(
            (
                owner,
                "acl",
                xmlid,
                access.model_id.model,
                group_names(access.group_id),
                _flag(access.perm_read),
                _flag(access.perm_write),
                _flag(access.perm_create),
                _flag(access.perm_unlink),
                "",
            )
        )
    rules = env["ir.rule"].with_context(active_test=False).search([])
    rule_ids = _xmlids(rules)
    for rule in rules:
        xmlid = rule_ids.get(rule.id, "")
        model = rule.model_id.model
        if module_of(xmlid) in KIA_MODULES:
            owner = module_of(xmlid)
        elif model in REWRITTEN_MODELS:
            owner = REWRITTEN_MODELS[model]
        elif rule.groups & kia_groups:
            owner = module_of(group_ids[(rule.groups & kia_groups)[0].id])
        elif model.startswith("kia."):
            owner = module_of(env["ir.model"]._get(model).modules.split(", ")[0])
        else:
            continue
        rows.add(
            (
                owner,
                "rule",
                xmlid,
                model,
                group_names(rule.groups),
                _flag(rule.perm_read),
                _flag(rule.perm_write),
                _flag(rule.perm_create),
                _flag(rule.perm_unlink),
                " ".join((rule.domain_force or "").split())
                + ("" if rule.active else " [inactive]"),
            )
        )
    users = (
        env["res.users"]
        .with_context(active_test=False)
        .search([("login", "in", list(DEMO_LOGINS))])
    )
    base_roles = env["res.groups"].browse(
        [env.ref(xmlid).id for xmlid in BASE_ROLES if env.ref(xmlid, raise_if_not_found=False)]
    )
    features = base_roles.trans_implied_ids
    for user in users:
        # The role: the groups that nothing else the user holds implies.
        held = user.groups_id
        implied = held.trans_implied_ids | features
        roles = held - implied
        rows.add(
            (
                DEMO_LOGINS[user.login],
                "login",
                user.login,
                "res.users",
                group_names(roles),
                "",
                "",
                "",
                "",
                "",
            )
        )
    return rows


def matrix_path(module):
    return os.path.join(get_module_path(module), "security", "access_matrix.csv")


def read_matrix(modules):
    rows = set()
    for module in modules:
        with open(matrix_path(module), encoding="utf-8", newline="") as handle:
            for line in csv.DictReader(handle):
                rows.add((module, *(line[column] for column in COLUMNS)))
    return rows


def write_matrix(env):
    """Write each addon's table from what is installed (after a reviewed change)."""
    rows = current_matrix(env)
    for module in KIA_MODULES:
        output = io.StringIO()
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(COLUMNS)
        kinds = {"acl": 0, "rule": 1, "login": 2}
        for row in sorted(
            (row for row in rows if row[0] == module), key=lambda r: (kinds[r[1]], r[3], r[4], r[2])
        ):
            writer.writerow(row[1:])
        with open(matrix_path(module), "w", encoding="utf-8", newline="") as handle:
            handle.write(output.getvalue())


def write_matrix_markdown(path, rows=None):
    """A readable view of the tables (``docs/access_matrix.md``): roles x models with the
    operations each may do, then the record rules and the demo logins."""
    rows = rows or read_matrix(KIA_MODULES)
    acls = [row for row in rows if row[1] == "acl"]
    roles = sorted({row[4] for row in acls})
    cells = {}
    for row in acls:
        ops = "".join(letter for letter, flag in zip("rwcd", row[5:9], strict=True) if flag == "1")
        cells[(row[3], row[4])] = ops or "-"
    lines = [
        "# Access matrix",
        "",
        "Generated from each addon's `security/access_matrix.csv` (see",
        "`kia_aftersales/tests/test_access_matrix.py`, which fails when what is installed",
        "differs). r = read, w = write, c = create, d = delete.",
        "",
        "## Access rights: roles x models",
        "",
        "| Model | " + " | ".join(roles) + " |",
        "| --- | " + " | ".join("---" for _role in roles) + " |",
    ]
    for model in sorted({row[3] for row in acls}):
        lines.append(
            f"| {model} | " + " | ".join(cells.get((model, role), "") for role in roles) + " |"
        )
    lines += [
        "",
        "## Record rules (no group: applies to everyone, e.g. per company)",
        "",
        "| Rule | Model | Groups | r w c d | Domain |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in sorted((row for row in rows if row[1] == "rule"), key=lambda r: (r[3], r[2])):
        domain = row[9].replace("|", "\\|")
        lines.append(
            f"| {row[2]} | {row[3]} | {row[4] or '(all users)'} | {' '.join(row[5:9])} | "
            f"`{domain}` |"
        )
    lines += ["", "## Demo logins", "", "| Login | Role |", "| --- | --- |"]
    for row in sorted((row for row in rows if row[1] == "login"), key=lambda r: r[2]):
        lines.append(f"| {row[2]} | {row[4]} |")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    """The installed rights are those of the reviewed table (demo data installed)."""

    def test_installed_rights_match_the_access_matrix(self):
        installed = self.env["ir.module.module"].search(
            [("name", "in", KIA_MODULES), ("state", "=", "installed")]
        )
        if len(installed) < len(KIA_MODULES):
            self.skipTest("the access matrix describes the four addons installed together")
        expected = read_matrix(KIA_MODULES)
        actual = current_matrix(self.env)
        if not self.env.ref("kia_aftersales.user_advisor", raise_if_not_found=False):
            # Without demo data there are no demo logins to check.
            expected = {row for row in expected if row[1] != "login"}
        missing = sorted(expected - actual)
        unexpected = sorted(actual - expected)
        message = "\n".join(
            ["Installed rights differ from security/access_matrix.csv:"]
            + [f"  in the table, not installed: {row}" for row in missing]
            + [f"  installed, not in the table: {row}" for row in unexpected]
            + ["Review the change, then regenerate the table (see this module's docstring)."]
        )
        if missing or unexpected:
            self.fail(message)

    def test_every_demo_login_holds_exactly_its_role(self):
        """Demo logins created before an app was installed received its administrator
        groups (Odoo gives every existing employee the default user's new groups)."""
        if not self.env.ref("kia_aftersales.user_advisor", raise_if_not_found=False):
            self.skipTest("no demo data")
        expected = {row[2]: row[4] for row in read_matrix(KIA_MODULES) if row[1] == "login"}
        self.assertEqual(set(expected), set(DEMO_LOGINS))
        users = self.env["res.users"].search([("login", "in", list(DEMO_LOGINS))])
        self.assertEqual(set(users.mapped("login")), set(DEMO_LOGINS))
        for user in users:
            roles = self.env["res.groups"].browse(
                [self.env.ref(xmlid).id for xmlid in expected[user.login].split()]
            )
            base = self.env.ref("base.group_portal" if user.share else "base.group_user")
            # Feature groups (lots, variants...) come with base.group_user or the portal.
            features = (
                self.env["res.groups"]
                .browse([self.env.ref(xmlid).id for xmlid in BASE_ROLES])
                .trans_implied_ids
            )
            allowed = roles | roles.trans_implied_ids | base | features
            extra = user.groups_id - allowed
            self.assertFalse(
                extra,
                f"Demo login {user.login} holds {', '.join(extra.mapped('full_name'))} "
                "beyond its role",
            )
            self.assertEqual(roles - user.groups_id, roles.browse())
        technician = self.env.ref("kia_training.user_technician")
        for admin_group in (
            "account.group_account_manager",
            "account.group_account_invoice",
            "stock.group_stock_manager",
            "purchase.group_purchase_manager",
            "sales_team.group_sale_manager",
            "fleet.fleet_group_manager",
        ):
            self.assertFalse(technician.has_group(admin_group), admin_group)
