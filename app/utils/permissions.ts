/**
 * The one permission matrix: role × entity × action → the scope the data layer must apply.
 * Read by loaders and actions (to refuse and to scope queries) and by the UI (to hide what a
 * role cannot do), so it stays plain TypeScript with no server imports.
 *
 * Every cell is written out, "none" included: the `Matrix` type makes a missing role, entity
 * or action a compile error, so nothing is allowed by omission.
 *
 * Two entities look alike on purpose:
 * - `catalogue` is the public view: published listings with their prices, capabilities,
 *   framework memberships and the assurance badges shown on them.
 * - `listing` is the back office: a supplier's listings in any status and their revisions.
 */

export const ROLES = [
  "VISITOR",
  "BUYER",
  "ACCOUNT_MANAGER",
  "SUPPLIER",
  "SUPPLIER_ACCOUNT_MANAGER",
  "AUTHORITY",
] as const;
/** Same spelling as the Prisma `Role` enum, plus VISITOR for nobody signed in. */
export type Role = (typeof ROLES)[number];

export const ENTITY_ACTIONS = {
  catalogue: ["read"],
  listing: [
    "read",
    "create",
    "editDraft",
    "submitForReview",
    "withdrawSubmission",
    "review",
    "approve",
    "requestChanges",
    "publish",
    "unpublish",
    "suspend",
  ],
  assurance: ["read", "uploadEvidence", "acceptEvidence", "rejectEvidence", "record", "agreeRemediation"],
  shortlist: ["create", "read", "delete"],
  order: ["create", "read", "edit", "submit", "amend", "terminate", "renew", "download"],
  // A further competition: edit (criteria, recipients, prices, scorers), score, moderate and
  // award are also limited inside the module to the competition's lead or its scorers.
  competition: ["create", "read", "edit", "score", "moderate", "award", "download"],
  contract: ["read", "terminate", "flag", "clearFlag", "issueTerminationNotice"],
  // Switching supplier: the buyer starts a switch; each party (buyer, outgoing and incoming
  // supplier) ticks only its own tasks, which the switching module checks on top of the scope.
  switch: ["start", "read", "completeTask"],
  framework: ["read", "manage"],
  capability: ["read", "manage"],
  standard: ["read", "manage"],
  supplier: ["read", "manage"],
  organisation: ["read", "manage"],
  user: ["read", "invite", "deactivate", "manage"],
  auditLog: ["read", "export"],
  report: ["read"],
  mailbox: ["read"],
  emailDomain: ["manage"],
  // "Your account": a person's own preferences, password, sessions and second factor.
  account: ["read", "update"],
  // Requests for an account, decided by the organisation's account manager (or staff).
  accountRequest: ["read", "decide"],
  // Terms of use: everyone accepts them; staff publish new versions.
  terms: ["accept", "publish"],
} as const;

export type Entity = keyof typeof ENTITY_ACTIONS;
export type ActionOf<E extends Entity> = (typeof ENTITY_ACTIONS)[E][number];
export type Action = ActionOf<Entity>;
/** One thing a role may or may not do, e.g. `{ entity: "listing", action: "approve" }`. */
export type Permission = { [E in Entity]: { entity: E; action: ActionOf<E> } }[Entity];

/**
 * How the data layer must narrow the query for a permitted action:
 * - all: no narrowing (commercial staff, or public reference data);
 * - own-organisation: rows belonging to the user's organisation;
 * - own-organisation-and-children: also its practices (an ICB sees its practices' orders);
 * - own-supplier: rows of the user's supplier (its listings, evidence, orders for its solutions);
 * - published-only: only what the public catalogue shows (visible to buyers);
 * - self: the signed-in person's own record only (their account);
 * - none: not permitted.
 */
export type Scope =
  | "all"
  | "own-organisation"
  | "own-organisation-and-children"
  | "own-supplier"
  | "published-only"
  | "self"
  | "none";

type Matrix = { [R in Role]: { [E in Entity]: { [A in ActionOf<E>]: Scope } } };
type EntityRow<E extends Entity> = { [A in ActionOf<E>]: Scope };

function row<E extends Entity>(entity: E, scope: Scope): EntityRow<E> {
  return Object.fromEntries(ENTITY_ACTIONS[entity].map((action) => [action, scope])) as EntityRow<E>;
}

const NONE = "none";

// What everyone may see without signing in: the published catalogue and its reference data.
const PUBLIC = {
  catalogue: row("catalogue", "published-only"),
  assurance: { ...row("assurance", NONE), read: "published-only" },
  framework: { ...row("framework", NONE), read: "all" },
  capability: { ...row("capability", NONE), read: "all" },
  standard: { ...row("standard", NONE), read: "all" },
  supplier: { ...row("supplier", NONE), read: "published-only" },
} satisfies Partial<Matrix[Role]>;

const NO_ADMIN = {
  auditLog: row("auditLog", NONE),
  report: row("report", NONE),
  mailbox: row("mailbox", NONE),
  emailDomain: row("emailDomain", NONE),
} satisfies Partial<Matrix[Role]>;

const VISITOR: Matrix["VISITOR"] = {
  ...PUBLIC,
  ...NO_ADMIN,
  listing: row("listing", NONE),
  shortlist: row("shortlist", NONE),
  order: row("order", NONE),
  competition: row("competition", NONE),
  contract: row("contract", NONE),
  switch: row("switch", NONE),
  organisation: row("organisation", NONE),
  user: row("user", NONE),
  account: row("account", NONE),
  accountRequest: row("accountRequest", NONE),
  terms: row("terms", NONE),
};

// Everyone signed in has an account of their own and accepts the terms of use.
const OWN_ACCOUNT = {
  account: row("account", "self"),
  terms: { accept: "self", publish: NONE },
} satisfies Partial<Matrix[Role]>;

const BUYER: Matrix["BUYER"] = {
  ...PUBLIC,
  ...NO_ADMIN,
  listing: row("listing", NONE),
  shortlist: row("shortlist", "own-organisation"),
  // An ICB oversees its practices' orders and contracts but changes only its own.
  order: {
    create: "own-organisation",
    read: "own-organisation-and-children",
    edit: "own-organisation",
    submit: "own-organisation",
    amend: "own-organisation",
    terminate: "own-organisation",
    renew: "own-organisation",
    download: "own-organisation-and-children",
  },
  // Like orders: an ICB sees its practices' competitions but runs only its own.
  competition: {
    create: "own-organisation",
    read: "own-organisation-and-children",
    edit: "own-organisation",
    score: "own-organisation",
    moderate: "own-organisation",
    award: "own-organisation",
    download: "own-organisation-and-children",
  },
  contract: {
    read: "own-organisation-and-children",
    terminate: "own-organisation",
    flag: NONE,
    clearFlag: NONE,
    issueTerminationNotice: NONE,
  },
  // Like contracts: an ICB follows its practices' switches but starts and confirms only its own.
  switch: { start: "own-organisation", read: "own-organisation-and-children", completeTask: "own-organisation" },
  organisation: { read: "own-organisation-and-children", manage: NONE },
  user: row("user", NONE),
  ...OWN_ACCOUNT,
  accountRequest: row("accountRequest", NONE),
};

const ACCOUNT_MANAGER: Matrix["ACCOUNT_MANAGER"] = {
  ...BUYER,
  organisation: { read: "own-organisation-and-children", manage: "own-organisation" },
  user: row("user", "own-organisation"),
  accountRequest: row("accountRequest", "own-organisation"),
};

// Suppliers author listings and evidence; the review and publication decisions are never theirs.
const SUPPLIER: Matrix["SUPPLIER"] = {
  ...PUBLIC,
  ...NO_ADMIN,
  listing: {
    read: "own-supplier",
    create: "own-supplier",
    editDraft: "own-supplier",
    submitForReview: "own-supplier",
    withdrawSubmission: "own-supplier",
    review: NONE,
    approve: NONE,
    requestChanges: NONE,
    publish: NONE,
    unpublish: NONE,
    suspend: NONE,
  },
  assurance: { ...row("assurance", NONE), read: "own-supplier", uploadEvidence: "own-supplier" },
  shortlist: row("shortlist", NONE),
  order: { ...row("order", NONE), read: "own-supplier", download: "own-supplier" },
  // Never a competition: no supplier sees another's results (a winner sees only its order).
  competition: row("competition", NONE),
  contract: { ...row("contract", NONE), read: "own-supplier" },
  // Switches it is losing or winning (the module scopes to either side).
  switch: { start: NONE, read: "own-supplier", completeTask: "own-supplier" },
  supplier: { read: "own-supplier", manage: NONE },
  organisation: row("organisation", NONE),
  user: row("user", NONE),
  ...OWN_ACCOUNT,
  accountRequest: row("accountRequest", NONE),
};

const SUPPLIER_ACCOUNT_MANAGER: Matrix["SUPPLIER_ACCOUNT_MANAGER"] = {
  ...SUPPLIER,
  supplier: { read: "own-supplier", manage: "own-supplier" },
  user: row("user", "own-supplier"),
  accountRequest: row("accountRequest", "own-supplier"),
};

// Commercial staff see and run everything, but never buy, and never author a supplier's
// listing or evidence (they are the reviewers of both).
const AUTHORITY: Matrix["AUTHORITY"] = {
  catalogue: row("catalogue", "all"),
  listing: {
    read: "all",
    create: NONE,
    editDraft: NONE,
    submitForReview: NONE,
    withdrawSubmission: NONE,
    review: "all",
    approve: "all",
    requestChanges: "all",
    publish: "all",
    unpublish: "all",
    suspend: "all",
  },
  assurance: { ...row("assurance", "all"), uploadEvidence: NONE },
  shortlist: row("shortlist", NONE),
  order: { ...row("order", NONE), read: "all", download: "all" },
  // Staff oversee competitions (awards that passed over a solution whose assurance lapsed, with the lead's note) but never run one.
  competition: { ...row("competition", NONE), read: "all" },
  // A contract ends by the buyer's termination or by staff's termination notice.
  contract: { read: "all", terminate: NONE, flag: "all", clearFlag: "all", issueTerminationNotice: "all" },
  // Staff watch every switch (the switching dashboard) but tick no party's tasks.
  switch: { start: NONE, read: "all", completeTask: NONE },
  framework: row("framework", "all"),
  capability: row("capability", "all"),
  standard: row("standard", "all"),
  supplier: row("supplier", "all"),
  organisation: row("organisation", "all"),
  user: row("user", "all"),
  auditLog: row("auditLog", "all"),
  report: row("report", "all"),
  mailbox: row("mailbox", "all"),
  emailDomain: row("emailDomain", "all"),
  account: row("account", "self"),
  // Requests to organisations with no account manager of their own come to staff.
  accountRequest: row("accountRequest", "all"),
  terms: { accept: "self", publish: "all" },
};

export const PERMISSIONS: Readonly<Matrix> = {
  VISITOR,
  BUYER,
  ACCOUNT_MANAGER,
  SUPPLIER,
  SUPPLIER_ACCOUNT_MANAGER,
  AUTHORITY,
};

/** How the data layer must scope `action` on `entity` for `role`; "none" if not permitted. */
export function scopeFor<E extends Entity>(role: Role, action: ActionOf<E>, entity: E): Scope {
  const actions: Record<string, Scope> = PERMISSIONS[role][entity];
  return actions[action] ?? NONE;
}

export function can<E extends Entity>(role: Role, action: ActionOf<E>, entity: E): boolean {
  return scopeFor(role, action, entity) !== NONE;
}

/** Every entity/action pair, for listing a role's permissions or checking the matrix. */
export const ALL_PERMISSIONS: readonly Permission[] = (Object.keys(ENTITY_ACTIONS) as Entity[]).flatMap(
  (entity) => ENTITY_ACTIONS[entity].map((action) => ({ entity, action }) as Permission),
);

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

const HOME_PATHS: Record<Role, string> = {
  VISITOR: "/",
  BUYER: "/buyer",
  ACCOUNT_MANAGER: "/buyer",
  SUPPLIER: "/supplier",
  SUPPLIER_ACCOUNT_MANAGER: "/supplier",
  AUTHORITY: "/admin",
};

/**
 * The signed-in areas and the permission each needs. Each area's layout checks it, and so
 * does every guard under the area's path (`requireActor`), because a data request
 * (`?_data=…`) or a form post runs only the route it targets, not the layout above it: no
 * page or action under /buyer can ever answer someone the /buyer layout would refuse.
 */
export const AREAS = {
  buyer: { path: "/buyer", permission: { entity: "order", action: "create" } },
  supplier: { path: "/supplier", permission: { entity: "listing", action: "create" } },
  admin: { path: "/admin", permission: { entity: "auditLog", action: "read" } },
  account: { path: "/account", permission: { entity: "account", action: "read" } },
} as const satisfies Record<string, { path: string; permission: Permission }>;

/** The area a path belongs to, if any (the path itself or anything below it). */
export function areaOf(pathname: string): (typeof AREAS)[keyof typeof AREAS] | null {
  return Object.values(AREAS).find((area) => pathname === area.path || pathname.startsWith(`${area.path}/`)) ?? null;
}

/** Where a role lands after signing in. */
export function homePathFor(role: Role): string {
  return HOME_PATHS[role];
}

const ROLE_LABELS: Record<Role, string> = {
  VISITOR: "Visitor",
  BUYER: "Buyer",
  ACCOUNT_MANAGER: "Account manager",
  SUPPLIER: "Supplier",
  SUPPLIER_ACCOUNT_MANAGER: "Supplier account manager",
  AUTHORITY: "Commercial staff",
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

export type NavigationItem = { label: string; href: string };

const BUYER_NAVIGATION: NavigationItem[] = [
  { label: "Home", href: "/buyer" },
  { label: "Find solutions", href: "/solutions" },
  { label: "Orders", href: "/buyer/orders" },
  { label: "Contracts", href: "/buyer/contracts" },
  { label: "Shortlists", href: "/buyer/shortlists" },
  { label: "Competitions", href: "/buyer/competitions" },
];

const SUPPLIER_NAVIGATION: NavigationItem[] = [
  { label: "Home", href: "/supplier" },
  { label: "Listings", href: "/supplier/listings" },
  { label: "Assurance", href: "/supplier/assurance" },
  { label: "Orders and contracts", href: "/supplier/contracts" },
  { label: "Switching", href: "/supplier/switches" },
];

const NAVIGATION: Record<Role, readonly NavigationItem[]> = {
  VISITOR: [
    { label: "Find solutions", href: "/solutions" },
    { label: "Compare", href: "/compare" },
  ],
  BUYER: BUYER_NAVIGATION,
  ACCOUNT_MANAGER: [...BUYER_NAVIGATION, { label: "Users", href: "/buyer/users" }],
  SUPPLIER: SUPPLIER_NAVIGATION,
  SUPPLIER_ACCOUNT_MANAGER: [...SUPPLIER_NAVIGATION, { label: "Colleagues", href: "/supplier/users" }],
  AUTHORITY: [
    { label: "Home", href: "/admin" },
    { label: "Review queue", href: "/admin/reviews" },
    { label: "Assurance evidence", href: "/admin/evidence" },
    { label: "Lapse queue", href: "/admin/lapses" },
    { label: "Assurance register", href: "/admin/assurance" },
    { label: "Termination flags", href: "/admin/flags" },
    { label: "Switching", href: "/admin/switching" },
    { label: "Frameworks", href: "/admin/frameworks" },
    { label: "Organisations", href: "/admin/organisations" },
    { label: "Reports", href: "/admin/reports" },
    { label: "Audit log", href: "/admin/audit" },
    { label: "Mailbox", href: "/admin/mailbox" },
  ],
};

/** The header navigation for a role: only links that role can use. */
export function navigationFor(role: Role): readonly NavigationItem[] {
  return NAVIGATION[role];
}
