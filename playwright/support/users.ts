/** The demo accounts the seed creates (README "Demo accounts"). */
export const DEMO_PASSWORD = "Catalogue-Demo-2026!";

export const demoUsers = {
  practiceBuyer: { email: "practice.buyer@nhs.net", home: "/buyer", heading: "Buyer home", navIncludes: "Orders" },
  icbBuyer: { email: "icb.buyer@nhs.net", home: "/buyer", heading: "Buyer home", navIncludes: "Contracts" },
  icbAccountManager: { email: "icb.manager@nhs.net", home: "/buyer", heading: "Buyer home", navIncludes: "Users" },
  supplierAccountManager: { email: "supplier.one@example-supplier.co.uk", home: "/supplier", heading: "Supplier home", navIncludes: "Colleagues" },
  supplier: { email: "supplier.two@example-supplier.co.uk", home: "/supplier", heading: "Supplier home", navIncludes: "Listings" },
  commercialStaff: { email: "commercial@nhs.net", home: "/admin", heading: "Commercial staff console", navIncludes: "Audit log" },
} as const;

export type DemoUser = keyof typeof demoUsers;
