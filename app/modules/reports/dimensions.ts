/** The report's choices, shared by the page (client and server) and the module. */
export const DIMENSIONS = ["framework", "icb", "supplier", "capability"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const MEASURES = ["orders", "value", "patients"] as const;
export type Measure = (typeof MEASURES)[number];

export const DIMENSION_LABELS: Record<Dimension, string> = { framework: "Framework", icb: "ICB", supplier: "Supplier", capability: "Capability" };
export const MEASURE_LABELS: Record<Measure, string> = { orders: "Call-off orders", value: "Contract value (£)", patients: "Patients covered" };
