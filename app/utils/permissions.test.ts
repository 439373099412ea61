import { describe, expect, it } from "vitest";
import {
  ALL_PERMISSIONS,
  areaOf,
  ENTITY_ACTIONS,
  PERMISSIONS,
  ROLES,
  can,
  homePathFor,
  isRole,
  navigationFor,
  roleLabel,
  scopeFor,
  type Entity,
  type Permission,
  type Role,
  type Scope,
} from "./permissions";

const SCOPES: Scope[] = [
  "all",
  "own-organisation",
  "own-organisation-and-children",
  "own-supplier",
  "published-only",
  "self",
  "none",
];

const BUYERS: Role[] = ["BUYER", "ACCOUNT_MANAGER"];
const SUPPLIERS: Role[] = ["SUPPLIER", "SUPPLIER_ACCOUNT_MANAGER"];

/** Allowed permissions of a role, as "entity.action" strings. */
function allowed(role: Role): string[] {
  return ALL_PERMISSIONS.filter((p) => can(role, p.action, p.entity)).map(
    (p) => `${p.entity}.${p.action}`,
  );
}

function scopeOf(role: Role, p: Permission): Scope {
  return scopeFor(role, p.action, p.entity);
}

describe("the matrix", () => {
  it("covers every entity and action", () => {
    expect(ALL_PERMISSIONS.length).toBe(
      Object.values(ENTITY_ACTIONS).reduce((sum, actions) => sum + actions.length, 0),
    );
    expect(ALL_PERMISSIONS).toContainEqual({ entity: "listing", action: "approve" });
    expect(ALL_PERMISSIONS).toContainEqual({ entity: "emailDomain", action: "manage" });
  });

  for (const role of ROLES) {
    it(`gives ${role} an explicit, valid scope for every entity and action, and nothing else`, () => {
      expect(Object.keys(PERMISSIONS[role]).sort()).toEqual(Object.keys(ENTITY_ACTIONS).sort());
      for (const entity of Object.keys(ENTITY_ACTIONS) as Entity[]) {
        const cells: Record<string, unknown> = PERMISSIONS[role][entity];
        expect(Object.keys(cells).sort()).toEqual([...ENTITY_ACTIONS[entity]].sort());
        for (const action of ENTITY_ACTIONS[entity]) {
          expect(SCOPES).toContain(cells[action]);
        }
      }
    });
  }

  it("can() agrees with scopeFor()", () => {
    for (const role of ROLES) {
      for (const p of ALL_PERMISSIONS) {
        expect(can(role, p.action, p.entity)).toBe(scopeOf(role, p) !== "none");
      }
    }
  });

  it("refuses an action that does not exist at run time", () => {
    // e.g. a value read from a form in plain JavaScript
    expect(scopeFor("AUTHORITY", "fly" as never, "listing")).toBe("none");
    expect(can("AUTHORITY", "fly" as never, "listing")).toBe(false);
  });

  it("only uses scopes that make sense for the role", () => {
    const permittedScopes: Record<Role, Scope[]> = {
      VISITOR: ["published-only", "all", "none"],
      BUYER: ["published-only", "all", "own-organisation", "own-organisation-and-children", "self", "none"],
      ACCOUNT_MANAGER: ["published-only", "all", "own-organisation", "own-organisation-and-children", "self", "none"],
      SUPPLIER: ["published-only", "all", "own-supplier", "self", "none"],
      SUPPLIER_ACCOUNT_MANAGER: ["published-only", "all", "own-supplier", "self", "none"],
      AUTHORITY: ["all", "self", "none"],
    };
    for (const role of ROLES) {
      for (const p of ALL_PERMISSIONS) {
        expect(permittedScopes[role], `${role} ${p.entity}.${p.action}`).toContain(scopeOf(role, p));
      }
    }
  });

  it("gives 'all' outside commercial staff only for public reference data", () => {
    for (const role of ROLES.filter((r) => r !== "AUTHORITY")) {
      const everything = ALL_PERMISSIONS.filter((p) => scopeOf(role, p) === "all").map(
        (p) => `${p.entity}.${p.action}`,
      );
      expect(everything.sort()).toEqual(["capability.read", "framework.read", "standard.read"]);
    }
  });
});

describe("visitors", () => {
  it("can only read the public catalogue and its reference data", () => {
    expect(allowed("VISITOR").sort()).toEqual(
      [
        "assurance.read",
        "capability.read",
        "catalogue.read",
        "framework.read",
        "standard.read",
        "supplier.read",
      ].sort(),
    );
  });

  it("see published listings only", () => {
    expect(scopeFor("VISITOR", "read", "catalogue")).toBe("published-only");
    expect(scopeFor("VISITOR", "read", "assurance")).toBe("published-only");
    expect(scopeFor("VISITOR", "read", "supplier")).toBe("published-only");
    expect(can("VISITOR", "read", "listing")).toBe(false);
  });

  it("cannot write anything", () => {
    for (const p of ALL_PERMISSIONS.filter((p) => p.action !== "read")) {
      expect(can("VISITOR", p.action, p.entity), `${p.entity}.${p.action}`).toBe(false);
    }
  });
});

describe("buyers", () => {
  it.each(BUYERS)("%s can shortlist and place, amend, renew and terminate orders", (role) => {
    for (const action of ["create", "read", "delete"] as const) expect(can(role, action, "shortlist")).toBe(true);
    for (const action of ENTITY_ACTIONS.order) expect(can(role, action, "order")).toBe(true);
    expect(can(role, "terminate", "contract")).toBe(true);
  });

  it.each(BUYERS)("%s can never read admin data", (role) => {
    for (const entity of ["auditLog", "report", "mailbox", "emailDomain"] as const) {
      for (const action of ENTITY_ACTIONS[entity]) {
        expect(can(role, action, entity), `${entity}.${action}`).toBe(false);
      }
    }
    expect(can(role, "read", "listing")).toBe(false); // drafts and revisions
    expect(scopeFor(role, "read", "assurance")).toBe("published-only");
    expect(scopeFor(role, "read", "catalogue")).toBe("published-only");
    for (const action of ["flag", "clearFlag", "issueTerminationNotice"] as const) {
      expect(can(role, action, "contract")).toBe(false);
    }
  });

  it.each(BUYERS)("%s sees its own and its practices' orders and contracts, but changes only its own", (role) => {
    expect(scopeFor(role, "read", "order")).toBe("own-organisation-and-children");
    expect(scopeFor(role, "download", "order")).toBe("own-organisation-and-children");
    expect(scopeFor(role, "read", "contract")).toBe("own-organisation-and-children");
    for (const action of ["create", "edit", "submit", "amend", "terminate", "renew"] as const) {
      expect(scopeFor(role, action, "order")).toBe("own-organisation");
    }
    expect(scopeFor(role, "terminate", "contract")).toBe("own-organisation");
    expect(scopeFor(role, "read", "shortlist")).toBe("own-organisation");
  });

  it.each(BUYERS)("%s cannot touch listings, evidence or reference data", (role) => {
    for (const entity of ["listing", "framework", "capability", "standard", "supplier"] as const) {
      for (const action of ENTITY_ACTIONS[entity].filter((a) => a !== "read")) {
        expect(can(role, action, entity), `${entity}.${action}`).toBe(false);
      }
    }
    for (const action of ENTITY_ACTIONS.assurance.filter((a) => a !== "read")) {
      expect(can(role, action, "assurance")).toBe(false);
    }
  });

  it("only account managers manage the organisation's users", () => {
    for (const action of ENTITY_ACTIONS.user) {
      expect(can("BUYER", action, "user")).toBe(false);
      expect(scopeFor("ACCOUNT_MANAGER", action, "user")).toBe("own-organisation");
    }
    expect(can("BUYER", "manage", "organisation")).toBe(false);
    expect(scopeFor("ACCOUNT_MANAGER", "manage", "organisation")).toBe("own-organisation");
  });

  it("an account manager can do everything a buyer can", () => {
    for (const p of ALL_PERMISSIONS) {
      if (can("BUYER", p.action, p.entity)) {
        expect(scopeOf("ACCOUNT_MANAGER", p)).toBe(scopeOf("BUYER", p));
      }
    }
  });
});

describe("further competitions", () => {
  it.each(BUYERS)("%s runs its own organisation's competitions and sees its practices'", (role) => {
    for (const action of ["create", "edit", "score", "moderate", "award"] as const) expect(scopeFor(role, action, "competition")).toBe("own-organisation");
    expect(scopeFor(role, "read", "competition")).toBe("own-organisation-and-children");
    expect(scopeFor(role, "download", "competition")).toBe("own-organisation-and-children");
  });

  it.each([...SUPPLIERS, "VISITOR" as const])("%s never sees a competition, so no supplier sees another's results", (role) => {
    for (const action of ENTITY_ACTIONS.competition) expect(can(role, action, "competition")).toBe(false);
  });

  it("commercial staff read competitions but never run one", () => {
    expect(scopeFor("AUTHORITY", "read", "competition")).toBe("all");
    for (const action of ENTITY_ACTIONS.competition.filter((a) => a !== "read")) expect(can("AUTHORITY", action, "competition")).toBe(false);
  });
});

describe("suppliers", () => {
  it.each(SUPPLIERS)("%s cannot approve, review or publish its own listings", (role) => {
    for (const action of ["review", "approve", "requestChanges", "publish", "unpublish", "suspend"] as const) {
      expect(can(role, action, "listing"), action).toBe(false);
    }
    for (const action of ["acceptEvidence", "rejectEvidence", "record", "agreeRemediation"] as const) {
      expect(can(role, action, "assurance"), action).toBe(false);
    }
  });

  it.each(SUPPLIERS)("%s authors its own listings and evidence only", (role) => {
    for (const action of ["read", "create", "editDraft", "submitForReview", "withdrawSubmission"] as const) {
      expect(scopeFor(role, action, "listing")).toBe("own-supplier");
    }
    expect(scopeFor(role, "read", "assurance")).toBe("own-supplier");
    expect(scopeFor(role, "uploadEvidence", "assurance")).toBe("own-supplier");
  });

  it.each(SUPPLIERS)("%s sees orders and contracts for its solutions but cannot place or change them", (role) => {
    expect(scopeFor(role, "read", "order")).toBe("own-supplier");
    expect(scopeFor(role, "download", "order")).toBe("own-supplier");
    expect(scopeFor(role, "read", "contract")).toBe("own-supplier");
    for (const action of ["create", "edit", "submit", "amend", "terminate", "renew"] as const) {
      expect(can(role, action, "order")).toBe(false);
    }
    for (const action of ["terminate", "flag", "clearFlag", "issueTerminationNotice"] as const) {
      expect(can(role, action, "contract")).toBe(false);
    }
    for (const action of ENTITY_ACTIONS.shortlist) expect(can(role, action, "shortlist")).toBe(false);
  });

  it.each(SUPPLIERS)("%s never reaches admin data or buyer organisations", (role) => {
    for (const entity of ["auditLog", "report", "mailbox", "emailDomain", "organisation"] as const) {
      for (const action of ENTITY_ACTIONS[entity]) {
        expect(can(role, action, entity), `${entity}.${action}`).toBe(false);
      }
    }
  });

  it("only supplier account managers manage colleagues and company details", () => {
    for (const action of ENTITY_ACTIONS.user) {
      expect(can("SUPPLIER", action, "user")).toBe(false);
      expect(scopeFor("SUPPLIER_ACCOUNT_MANAGER", action, "user")).toBe("own-supplier");
    }
    expect(can("SUPPLIER", "manage", "supplier")).toBe(false);
    expect(scopeFor("SUPPLIER_ACCOUNT_MANAGER", "manage", "supplier")).toBe("own-supplier");
  });
});

describe("commercial staff", () => {
  it("cannot place, change or keep orders, or shortlist", () => {
    for (const action of ["create", "edit", "submit", "amend", "terminate", "renew"] as const) {
      expect(can("AUTHORITY", action, "order"), action).toBe(false);
    }
    for (const action of ENTITY_ACTIONS.shortlist) expect(can("AUTHORITY", action, "shortlist")).toBe(false);
    expect(scopeFor("AUTHORITY", "read", "order")).toBe("all");
  });

  it("do not author suppliers' listings or evidence", () => {
    for (const action of ["create", "editDraft", "submitForReview", "withdrawSubmission"] as const) {
      expect(can("AUTHORITY", action, "listing"), action).toBe(false);
    }
    expect(can("AUTHORITY", "uploadEvidence", "assurance")).toBe(false);
  });

  it("review, publish, record assurance, work flags and run the catalogue", () => {
    for (const action of ["review", "approve", "requestChanges", "publish", "unpublish", "suspend"] as const) {
      expect(scopeFor("AUTHORITY", action, "listing")).toBe("all");
    }
    for (const action of ["acceptEvidence", "rejectEvidence", "record", "agreeRemediation"] as const) {
      expect(scopeFor("AUTHORITY", action, "assurance")).toBe("all");
    }
    for (const action of ["flag", "clearFlag", "issueTerminationNotice"] as const) {
      expect(scopeFor("AUTHORITY", action, "contract")).toBe("all");
    }
    for (const entity of [
      "framework",
      "capability",
      "standard",
      "supplier",
      "organisation",
      "user",
      "auditLog",
      "report",
      "mailbox",
      "emailDomain",
    ] as const) {
      for (const action of ENTITY_ACTIONS[entity]) {
        expect(scopeFor("AUTHORITY", action, entity), `${entity}.${action}`).toBe("all");
      }
    }
  });

  it("can do every action except the buyer's and supplier's own", () => {
    const refused = ALL_PERMISSIONS.filter((p) => !can("AUTHORITY", p.action, p.entity)).map(
      (p) => `${p.entity}.${p.action}`,
    );
    expect(refused.sort()).toEqual(
      [
        "assurance.uploadEvidence",
        "contract.terminate",
        "listing.create",
        "listing.editDraft",
        "listing.submitForReview",
        "listing.withdrawSubmission",
        "order.amend",
        "order.create",
        "order.edit",
        "order.renew",
        "order.submit",
        "order.terminate",
        "competition.award",
        "competition.create",
        "competition.download",
        "competition.edit",
        "competition.moderate",
        "competition.score",
        "shortlist.create",
        "shortlist.delete",
        "shortlist.read",
        "switch.completeTask",
        "switch.start",
      ].sort(),
    );
  });
});

describe("isRole", () => {
  it("accepts the six roles and nothing else", () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const value of ["ADMIN", "buyer", "", null, undefined, 1]) expect(isRole(value)).toBe(false);
  });
});

describe("homePathFor", () => {
  it.each<[Role, string]>([
    ["VISITOR", "/"],
    ["BUYER", "/buyer"],
    ["ACCOUNT_MANAGER", "/buyer"],
    ["SUPPLIER", "/supplier"],
    ["SUPPLIER_ACCOUNT_MANAGER", "/supplier"],
    ["AUTHORITY", "/admin"],
  ])("%s → %s", (role, path) => {
    expect(homePathFor(role)).toBe(path);
  });
});

describe("roleLabel", () => {
  it.each<[Role, string]>([
    ["VISITOR", "Visitor"],
    ["BUYER", "Buyer"],
    ["ACCOUNT_MANAGER", "Account manager"],
    ["SUPPLIER", "Supplier"],
    ["SUPPLIER_ACCOUNT_MANAGER", "Supplier account manager"],
    ["AUTHORITY", "Commercial staff"],
  ])("%s → %s", (role, label) => {
    expect(roleLabel(role)).toBe(label);
  });
});

describe("navigationFor", () => {
  const hrefs = (role: Role) => navigationFor(role).map((item) => item.href);

  it("gives buyers their pages", () => {
    expect(navigationFor("BUYER")).toEqual([
      { label: "Home", href: "/buyer" },
      { label: "Find solutions", href: "/solutions" },
      { label: "Orders", href: "/buyer/orders" },
      { label: "Contracts", href: "/buyer/contracts" },
      { label: "Shortlists", href: "/buyer/shortlists" },
      { label: "Competitions", href: "/buyer/competitions" },
    ]);
  });

  it("adds Users for account managers", () => {
    expect(navigationFor("ACCOUNT_MANAGER")).toEqual([
      ...navigationFor("BUYER"),
      { label: "Users", href: "/buyer/users" },
    ]);
  });

  it("gives suppliers their pages, and Colleagues to supplier account managers", () => {
    expect(navigationFor("SUPPLIER")).toEqual([
      { label: "Home", href: "/supplier" },
      { label: "Listings", href: "/supplier/listings" },
      { label: "Assurance", href: "/supplier/assurance" },
      { label: "Orders and contracts", href: "/supplier/contracts" },
      { label: "Switching", href: "/supplier/switches" },
    ]);
    expect(navigationFor("SUPPLIER_ACCOUNT_MANAGER")).toEqual([
      ...navigationFor("SUPPLIER"),
      { label: "Colleagues", href: "/supplier/users" },
    ]);
  });

  it("lets a buyer start a switch, each party tick its own tasks, and staff only watch", () => {
    expect(scopeFor("BUYER", "start", "switch")).toBe("own-organisation");
    expect(scopeFor("BUYER", "read", "switch")).toBe("own-organisation-and-children");
    expect(scopeFor("BUYER", "completeTask", "switch")).toBe("own-organisation");
    expect(scopeFor("SUPPLIER", "start", "switch")).toBe("none");
    expect(scopeFor("SUPPLIER", "completeTask", "switch")).toBe("own-supplier");
    expect(scopeFor("AUTHORITY", "read", "switch")).toBe("all");
    expect(can("AUTHORITY", "completeTask", "switch")).toBe(false);
    expect(can("VISITOR", "read", "switch")).toBe(false);
  });

  it("gives commercial staff the admin pages", () => {
    expect(navigationFor("AUTHORITY").map((item) => item.label)).toEqual([
      "Home",
      "Review queue",
      "Assurance evidence",
      "Lapse queue",
      "Assurance register",
      "Termination flags",
      "Switching",
      "Frameworks",
      "Organisations",
      "Reports",
      "Audit log",
      "Mailbox",
    ]);
    expect(hrefs("AUTHORITY").every((href) => href.startsWith("/admin"))).toBe(true);
  });

  it("gives visitors the public pages only", () => {
    expect(navigationFor("VISITOR")).toEqual([
      { label: "Find solutions", href: "/solutions" },
      { label: "Compare", href: "/compare" },
    ]);
  });

  it("never shows a role another audience's area", () => {
    for (const role of ROLES) {
      const links = hrefs(role);
      if (role !== "AUTHORITY") expect(links.some((href) => href.startsWith("/admin"))).toBe(false);
      if (!BUYERS.includes(role)) expect(links.some((href) => href.startsWith("/buyer"))).toBe(false);
      if (!SUPPLIERS.includes(role)) expect(links.some((href) => href.startsWith("/supplier"))).toBe(false);
    }
  });

  it("starts with the role's home page when it has one", () => {
    for (const role of ROLES.filter((r) => r !== "VISITOR")) {
      expect(navigationFor(role)[0]).toEqual({ label: "Home", href: homePathFor(role) });
    }
  });

  it("has no duplicate links", () => {
    for (const role of ROLES) expect(new Set(hrefs(role)).size).toBe(hrefs(role).length);
  });
});

describe("accounts (issue 14)", () => {
  it("gives every signed-in person their own account and the terms to accept, and visitors neither", () => {
    for (const role of ROLES.filter((r) => r !== "VISITOR")) {
      expect(scopeFor(role, "read", "account")).toBe("self");
      expect(scopeFor(role, "update", "account")).toBe("self");
      expect(scopeFor(role, "accept", "terms")).toBe("self");
    }
    expect(can("VISITOR", "read", "account")).toBe(false);
    expect(areaOf("/account/sessions")?.permission).toEqual({ entity: "account", action: "read" });
  });

  it("lets account managers decide requests for their own organisation only, staff any, and nobody else", () => {
    expect(scopeFor("ACCOUNT_MANAGER", "decide", "accountRequest")).toBe("own-organisation");
    expect(scopeFor("SUPPLIER_ACCOUNT_MANAGER", "decide", "accountRequest")).toBe("own-supplier");
    expect(scopeFor("AUTHORITY", "decide", "accountRequest")).toBe("all");
    for (const role of ["VISITOR", "BUYER", "SUPPLIER"] as const) expect(can(role, "decide", "accountRequest")).toBe(false);
  });

  it("lets only commercial staff publish terms of use", () => {
    expect(ROLES.filter((role) => can(role, "publish", "terms"))).toEqual(["AUTHORITY"]);
  });
});
