import { FOUNDATION_CAPABILITY_IDS } from "../app/modules/catalogue/foundation";
import type { Prisma } from "../generated/prisma/client";
import type {
  ApplicationType,
  EpicLevel,
  FrameworkStatus,
  FundingType,
  HostingType,
  IntegrationGroup,
  OrganisationType,
  StandardKind,
} from "../generated/prisma/enums";
import { addYears, type Db } from "./support";

/**
 * Reference data from reference/domain.md: frameworks, capabilities and epics, standards,
 * integration types, hosting and application types, ODS roles and allowed email domains.
 * Every environment (demo, tests, production bootstrap) starts from these rows.
 */

export type FrameworkReference = {
  id: string;
  name: string;
  shortName: string;
  owner: string;
  fundingTypes: FundingType[];
  maxTermMonths: number;
  status: FrameworkStatus;
  /** Years from `today`: the public record has real dates, but state must stay coherent with any `today`. */
  startsInYears: number;
  endsInYears: number;
};

export const FRAMEWORKS: FrameworkReference[] = [
  { id: "NHSDGP001", name: "NHS Digital GP IT Futures Framework 1", shortName: "GP IT Futures", owner: "NHS Digital", fundingTypes: ["CENTRAL", "LOCAL"], maxTermMonths: 36, status: "LIVE", startsInYears: -5, endsInYears: 2 },
  { id: "DFOCVC001", name: "Digital First Online Consultation and Video Consultation Framework 1", shortName: "DFOCVC", owner: "NHS England", fundingTypes: ["LOCAL"], maxTermMonths: 36, status: "EXPIRED", startsInYears: -5, endsInYears: -1 },
  { id: "TIF001", name: "Tech Innovation Framework", shortName: "Tech Innovation", owner: "NHS Digital", fundingTypes: ["CENTRAL", "LOCAL"], maxTermMonths: 36, status: "LIVE", startsInYears: -2, endsInYears: 2 },
  { id: "ATP001", name: "Advanced Telephony Framework", shortName: "Advanced Telephony", owner: "NHS England", fundingTypes: ["LOCAL"], maxTermMonths: 36, status: "LIVE", startsInYears: -2, endsInYears: 3 },
];

export const CAPABILITY_CATEGORIES = [
  "Appointments",
  "Care coordination",
  "Citizen services",
  "Community-based care",
  "Consultations",
  "Document and artefact management",
  "Health or care organisation management",
  "Medicines management",
  "Patient care management",
  "Reporting and data analytics",
  "Supplier defined capabilities",
] as const;

export type CapabilityCategoryName = (typeof CAPABILITY_CATEGORIES)[number];

export type CapabilityReference = {
  id: string;
  name: string;
  category: CapabilityCategoryName;
  description: string;
  expired?: boolean;
};

// The foundation set is policy the app applies (search, solution pages), so it is defined there once.
export { FOUNDATION_CAPABILITY_IDS };

export const CAPABILITIES: CapabilityReference[] = [
  { id: "C1", name: "Appointments Management - Citizen", category: "Citizen services", description: "Enables patients to view, book and cancel their GP practice appointments online." },
  { id: "C2", name: "Communicate With Practice - Citizen", category: "Citizen services", description: "Enables patients to send and receive secure messages with their GP practice." },
  { id: "C3", name: "Prescription Ordering - Citizen", category: "Citizen services", description: "Enables patients to request repeat medication online and choose a nominated pharmacy." },
  { id: "C4", name: "View Record - Citizen", category: "Citizen services", description: "Enables patients to view their GP medical record, including test results and letters." },
  { id: "C5", name: "Appointments Management - GP", category: "Appointments", description: "Supports the practice in managing session templates, appointment slots and bookings." },
  { id: "C6", name: "Clinical Decision Support", category: "Consultations", description: "Provides clinicians with prompts, guidance and alerts during consultations." },
  { id: "C7", name: "Communication Management", category: "Care coordination", description: "Manages communications with patients and other organisations, such as SMS, email and letters." },
  { id: "C8", name: "Digital Diagnostics", category: "Care coordination", description: "Supports requesting diagnostic tests electronically and receiving results." },
  { id: "C9", name: "Document Management", category: "Document and artefact management", description: "Stores, indexes and workflows clinical correspondence and other documents." },
  { id: "C10", name: "GP Extracts Verification", category: "Reporting and data analytics", description: "Verifies data extracted from GP systems for national collections and payments." },
  { id: "C11", name: "Referral Management - GP", category: "Care coordination", description: "Supports creating and tracking referrals, including through the e-Referral Service." },
  { id: "C12", name: "Resource Management", category: "Health or care organisation management", description: "Manages practice staff, roles, rooms and equipment." },
  { id: "C13", name: "Patient Information Maintenance - GP", category: "Patient care management", description: "Registers patients and maintains their demographic details, synchronised with PDS." },
  { id: "C14", name: "Prescribing", category: "Medicines management", description: "Supports safe prescribing of acute and repeat medication, issued through EPS." },
  { id: "C15", name: "Recording Consultations - GP", category: "Consultations", description: "Records consultations in coded form using SNOMED CT." },
  { id: "C16", name: "Reporting", category: "Reporting and data analytics", description: "Produces standard and ad hoc reports from practice data." },
  { id: "C17", name: "Scanning", category: "Document and artefact management", description: "Scans paper documents into the patient record." },
  { id: "C18", name: "Telehealth", category: "Citizen services", description: "Supports remote monitoring of patients' health readings at home." },
  { id: "C19", name: "Unstructured Data Extraction", category: "Document and artefact management", description: "Extracts structured data from unstructured documents.", expired: true },
  { id: "C20", name: "Custom Workflows", category: "Health or care organisation management", description: "Lets practices design and run their own administrative and clinical workflows." },
  { id: "C21", name: "Care Homes", category: "Community-based care", description: "Supports care for residents of care homes, shared with their GP practice." },
  { id: "C22", name: "Caseload Management", category: "Health or care organisation management", description: "Manages caseloads for community and practice-based teams." },
  { id: "C23", name: "Cross-organisation Appointment Booking", category: "Appointments", description: "Books appointments across organisations, such as extended access hubs." },
  { id: "C24", name: "Cross-organisation Workflow Tools", category: "Health or care organisation management", description: "Runs tasks and workflows that span several organisations." },
  { id: "C25", name: "Cross-organisation Workforce Management", category: "Health or care organisation management", description: "Plans and shares staff across practices and Primary Care Networks." },
  { id: "C26", name: "Data Analytics for Integrated and Federated Care", category: "Reporting and data analytics", description: "Analyses data across organisations in an integrated care system." },
  { id: "C27", name: "Domiciliary Care", category: "Community-based care", description: "Supports care delivered in people's homes." },
  { id: "C29", name: "e-Consultations (Professional to Professional)", category: "Consultations", description: "Lets clinicians seek advice and guidance from other professionals." },
  { id: "C30", name: "Medicines Optimisation", category: "Medicines management", description: "Identifies opportunities to improve prescribing safety and value." },
  { id: "C32", name: "Personal Health Budget", category: "Citizen services", description: "Manages personal health budgets with patients." },
  { id: "C33", name: "Personal Health Record", category: "Citizen services", description: "Gives patients a record of their own health information that they control." },
  { id: "C34", name: "Population Health Management", category: "Reporting and data analytics", description: "Segments and analyses populations to plan proactive care." },
  { id: "C35", name: "Risk Stratification", category: "Reporting and data analytics", description: "Identifies patients at risk of poor outcomes." },
  { id: "C36", name: "Shared Care Plans", category: "Patient care management", description: "Creates care plans shared between organisations and with the patient." },
  { id: "C37", name: "Social Prescribing", category: "Community-based care", description: "Supports link workers in referring patients to community services." },
  { id: "C38", name: "Telecare", category: "Community-based care", description: "Supports alarms and sensors that help people live independently." },
  { id: "C39", name: "Unified Care Record", category: "Patient care management", description: "Brings records from several organisations into one view." },
  { id: "C40", name: "Medicines Verification", category: "Medicines management", description: "Verifies the authenticity of medicines.", expired: true },
  { id: "C41", name: "Productivity", category: "Supplier defined capabilities", description: "Improves practice productivity, such as automation of routine administrative tasks." },
  { id: "C42", name: "Dispensing", category: "Medicines management", description: "Supports dispensing practices in managing stock and dispensing medicines." },
  { id: "C43", name: "Online Consultation", category: "Consultations", description: "Lets patients submit clinical and administrative requests online for triage by the practice." },
  { id: "C44", name: "Video Consultation", category: "Consultations", description: "Lets clinicians hold consultations with patients by video." },
  { id: "C45", name: "Cohort Identification", category: "Care coordination", description: "Identifies cohorts of patients for programmes such as screening and vaccination." },
  { id: "C46", name: "PCN Appointments Management - Vaccinations", category: "Appointments", description: "Manages vaccination appointments across a Primary Care Network." },
  { id: "C47", name: "Vaccination and Adverse Reaction Recording", category: "Consultations", description: "Records vaccinations given and any adverse reactions." },
  { id: "C50", name: "Task Management", category: "Health or care organisation management", description: "Creates, assigns and tracks tasks within the practice team." },
];

export type EpicReference = { id: string; capabilityId: string; name: string; level: EpicLevel };

export const EPICS: EpicReference[] = [
  { id: "C5E1", capabilityId: "C5", name: "Manage Session templates", level: "MUST" },
  { id: "C5E2", capabilityId: "C5", name: "Manage Sessions", level: "MUST" },
  { id: "C5E3", capabilityId: "C5", name: "Configure Appointments", level: "MUST" },
  { id: "C5E5", capabilityId: "C5", name: "Manage Appointments", level: "MUST" },
  { id: "C5E6", capabilityId: "C5", name: "View Appointment reports", level: "SHOULD" },
  { id: "C5E7", capabilityId: "C5", name: "Manage Appointments booked through GP Connect", level: "MAY" },

  { id: "C11E1", capabilityId: "C11", name: "Manage Referrals", level: "MUST" },
  { id: "C11E2", capabilityId: "C11", name: "Create a Referral through the e-Referral Service", level: "MUST" },
  { id: "C11E3", capabilityId: "C11", name: "View Referral status", level: "SHOULD" },
  { id: "C11E4", capabilityId: "C11", name: "Manage Referral templates", level: "MAY" },

  { id: "C12E1", capabilityId: "C12", name: "Manage Practice staff", level: "MUST" },
  { id: "C12E2", capabilityId: "C12", name: "Manage Staff roles and access rights", level: "MUST" },
  { id: "C12E3", capabilityId: "C12", name: "Manage Staff rotas", level: "SHOULD" },
  { id: "C12E4", capabilityId: "C12", name: "Manage Rooms and equipment", level: "MAY" },

  { id: "C13E1", capabilityId: "C13", name: "Register a Patient", level: "MUST" },
  { id: "C13E2", capabilityId: "C13", name: "Update Patient demographic details", level: "MUST" },
  { id: "C13E3", capabilityId: "C13", name: "Synchronise Patient details with PDS", level: "MUST" },
  { id: "C13E4", capabilityId: "C13", name: "Deduct a Patient", level: "MUST" },
  { id: "C13E5", capabilityId: "C13", name: "Manage Patient alerts", level: "SHOULD" },
  { id: "C13E6", capabilityId: "C13", name: "Merge duplicate Patient records", level: "MAY" },

  { id: "C14E1", capabilityId: "C14", name: "Access prescribable items", level: "MUST" },
  { id: "C14E2", capabilityId: "C14", name: "Manage Acute Prescriptions", level: "MUST" },
  { id: "C14E3", capabilityId: "C14", name: "Manage Repeat Prescriptions", level: "MUST" },
  { id: "C14E4", capabilityId: "C14", name: "Issue Prescriptions through EPS", level: "MUST" },
  { id: "C14E5", capabilityId: "C14", name: "Check drug interactions and allergies", level: "MUST" },
  { id: "C14E8", capabilityId: "C14", name: "Manage Repeat Dispensing", level: "SHOULD" },
  { id: "C14E14", capabilityId: "C14", name: "View EPS Nominated Pharmacy changes", level: "MAY" },

  { id: "C15E1", capabilityId: "C15", name: "Record Consultation information", level: "MUST" },
  { id: "C15E2", capabilityId: "C15", name: "Code Consultations with SNOMED CT", level: "MUST" },
  { id: "C15E3", capabilityId: "C15", name: "View Patient record history", level: "MUST" },
  { id: "C15E4", capabilityId: "C15", name: "Manage Consultation templates", level: "SHOULD" },
  { id: "C15E5", capabilityId: "C15", name: "Record Consultations by voice dictation", level: "MAY" },

  { id: "E00001", capabilityId: "C43", name: "Online Consultation", level: "MUST" },
  { id: "E00002", capabilityId: "C43", name: "Submit an administrative request online", level: "MUST" },
  { id: "E00003", capabilityId: "C43", name: "Triage and route online requests", level: "SHOULD" },
  { id: "E00004", capabilityId: "C43", name: "Signpost Patients to self-help and other services", level: "SHOULD" },
  { id: "E00005", capabilityId: "C43", name: "Online Consultation on behalf of another person", level: "MAY" },

  { id: "E00039", capabilityId: "C44", name: "Conduct Video Consultation", level: "MUST" },
  { id: "E00040", capabilityId: "C44", name: "Conduct a Video Consultation with several participants", level: "SHOULD" },
  { id: "E00041", capabilityId: "C44", name: "Conduct a Video Consultation without registration", level: "MAY" },
  { id: "E00042", capabilityId: "C44", name: "Share files during a Video Consultation", level: "MAY" },
];

export type StandardReference = {
  id: string;
  name: string;
  kind: StandardKind;
  cycleMonths?: number;
  /** "MM-DD": the assurance ends on this date every year whenever it was given. */
  annualDeadline?: string;
  safetyCritical?: boolean;
  /** Security-critical (DSPT, Cyber Essentials Plus): a lapse may lead to suspension at once. */
  securityCritical?: boolean;
};

const OVERARCHING_STANDARDS: StandardReference[] = [
  { id: "S24", name: "Business Continuity & Disaster Recovery", kind: "OVERARCHING" },
  { id: "S25", name: "Clinical Safety (DCB0129)", kind: "OVERARCHING", safetyCritical: true },
  { id: "S26", name: "Data Migration", kind: "OVERARCHING" },
  { id: "S27", name: "Data Standards", kind: "OVERARCHING" },
  { id: "S28", name: "Training", kind: "OVERARCHING" },
  { id: "S29", name: "Hosting & Infrastructure", kind: "OVERARCHING" },
  { id: "S30", name: "Information Governance", kind: "OVERARCHING" },
  { id: "S31", name: "Commercial Standard", kind: "OVERARCHING" },
  { id: "S65", name: "Service Management", kind: "OVERARCHING" },
  { id: "S69", name: "Testing", kind: "OVERARCHING" },
];

const INTEROPERABILITY_STANDARDS: StandardReference[] = [
  { id: "S32", name: "Interoperability Standard", kind: "INTEROPERABILITY" },
  { id: "S35", name: "e-Referrals Service (eRS)", kind: "INTEROPERABILITY" },
  { id: "S36", name: "Electronic Prescription Service (EPS) - Prescribing", kind: "INTEROPERABILITY", safetyCritical: true },
  { id: "S39", name: "eMED3 (Fit Notes)", kind: "INTEROPERABILITY" },
  { id: "S43", name: "GP2GP", kind: "INTEROPERABILITY" },
  { id: "S44", name: "GP Connect", kind: "INTEROPERABILITY" },
  { id: "S46", name: "GPES Data Extraction", kind: "INTEROPERABILITY" },
  { id: "S47", name: "IM1 - Interface Mechanism", kind: "INTEROPERABILITY" },
  { id: "S49", name: "Management Information (MI) Reporting", kind: "INTEROPERABILITY" },
  { id: "S50", name: "MESH", kind: "INTEROPERABILITY" },
  { id: "S54", name: "Authentication and Access", kind: "INTEROPERABILITY" },
  { id: "S56", name: "Personal Demographics Service (PDS)", kind: "INTEROPERABILITY" },
  { id: "S60", name: "Summary Care Record (SCR)", kind: "INTEROPERABILITY" },
  { id: "S68", name: "NHS Login Service", kind: "INTEROPERABILITY" },
  { id: "S73", name: "National Data Opt-Out", kind: "INTEROPERABILITY" },
];

/** Supplier-level assurances that expire on a cycle and must be renewed. */
export const SUPPLIER_ASSURANCE_STANDARDS: StandardReference[] = [
  { id: "DSPT", name: "Data Security and Protection Toolkit", kind: "SUPPLIER_ASSURANCE", cycleMonths: 12, annualDeadline: "06-30", securityCritical: true },
  { id: "CEPLUS", name: "Cyber Essentials Plus", kind: "SUPPLIER_ASSURANCE", cycleMonths: 12, securityCritical: true },
  { id: "DTAC", name: "Digital Technology Assessment Criteria (DTAC)", kind: "SUPPLIER_ASSURANCE", cycleMonths: 24 },
  { id: "DCB0129", name: "Clinical safety case review (DCB0129)", kind: "SUPPLIER_ASSURANCE", cycleMonths: 12, safetyCritical: true },
];

export const STANDARDS: StandardReference[] = [...OVERARCHING_STANDARDS, ...INTEROPERABILITY_STANDARDS, ...SUPPLIER_ASSURANCE_STANDARDS];
export const OVERARCHING_STANDARD_IDS = OVERARCHING_STANDARDS.map((s) => s.id);

export type IntegrationTypeReference = { id: string; group: IntegrationGroup; name: string; standardId: string | null };

export const INTEGRATION_TYPES: IntegrationTypeReference[] = [
  { id: "IM1_BULK", group: "IM1", name: "IM1 Bulk", standardId: "S47" },
  { id: "IM1_TRANSACTIONAL", group: "IM1", name: "IM1 Transactional", standardId: "S47" },
  { id: "IM1_PATIENT_FACING", group: "IM1", name: "IM1 Patient Facing", standardId: "S47" },
  { id: "GPC_ACCESS_RECORD_HTML", group: "GP_CONNECT", name: "GP Connect Access Record HTML", standardId: "S44" },
  { id: "GPC_APPOINTMENT_MANAGEMENT", group: "GP_CONNECT", name: "GP Connect Appointment Management", standardId: "S44" },
  { id: "GPC_ACCESS_RECORD_STRUCTURED", group: "GP_CONNECT", name: "GP Connect Access Record Structured", standardId: "S44" },
  { id: "GPC_SEND_DOCUMENT", group: "GP_CONNECT", name: "GP Connect Send Document", standardId: "S44" },
  { id: "GPC_UPDATE_RECORD", group: "GP_CONNECT", name: "GP Connect Update Record", standardId: "S44" },
  { id: "NHSAPP_ONLINE_CONSULTATIONS", group: "NHS_APP", name: "NHS App Online Consultations", standardId: null },
  { id: "NHSAPP_PERSONAL_HEALTH_RECORDS", group: "NHS_APP", name: "NHS App Personal Health Records", standardId: null },
  { id: "NHSAPP_PRIMARY_CARE_NOTIFICATIONS", group: "NHS_APP", name: "NHS App Primary Care Notifications", standardId: null },
  { id: "NHSAPP_SECONDARY_CARE_NOTIFICATIONS", group: "NHS_APP", name: "NHS App Secondary Care Notifications", standardId: null },
];

export const HOSTING_TYPES: Record<HostingType, { label: string; hint: string }> = {
  PUBLIC_CLOUD: { label: "Public cloud", hint: "Hosted by a public cloud provider" },
  PRIVATE_CLOUD: { label: "Private cloud", hint: "Hosted in the supplier's or a partner's private cloud" },
  HYBRID: { label: "Hybrid", hint: "Parts hosted in the cloud and parts on premise" },
  ON_PREMISE: { label: "On premise", hint: "Installed at the practice (HSCN connection may be required)" },
};

export const APPLICATION_TYPES: Record<ApplicationType, { label: string }> = {
  BROWSER_BASED: { label: "Browser-based" },
  MOBILE_OR_TABLET: { label: "Mobile or tablet" },
  DESKTOP: { label: "Desktop" },
};

/** Primary (and secondary) ODS roles per organisation type; suppliers have no ODS role. */
export const ODS_ROLES: Record<OrganisationType, { primary: string | null; secondary?: string }> = {
  GP_PRACTICE: { primary: "RO177", secondary: "RO76" },
  ICB: { primary: "RO261", secondary: "RO318" },
  CCG: { primary: "RO98" },
  SUB_ICB_LOCATION: { primary: "RO319" },
  CSU: { primary: "RO213" },
  EXECUTIVE_AGENCY: { primary: "RO116" },
  SUPPLIER: { primary: null },
};

export const ALLOWED_EMAIL_DOMAINS = ["nhs.net", "nhs.uk"];

/** Which capabilities and standards each framework uses. */
function frameworkCapabilityIds(frameworkId: string): string[] {
  const active = CAPABILITIES.filter((c) => !c.expired).map((c) => c.id);
  switch (frameworkId) {
    case "NHSDGP001":
      return active.filter((id) => !["C43", "C44"].includes(id));
    case "DFOCVC001":
      return ["C43", "C44"];
    case "TIF001":
      return active.filter((id) => !(FOUNDATION_CAPABILITY_IDS as readonly string[]).includes(id));
    case "ATP001":
      return ["C2", "C7", "C23", "C41", "C50"];
    default:
      return [];
  }
}

function frameworkStandardIds(frameworkId: string): string[] {
  const common = [...OVERARCHING_STANDARD_IDS, ...SUPPLIER_ASSURANCE_STANDARDS.map((s) => s.id)];
  if (frameworkId === "DFOCVC001" || frameworkId === "ATP001") return [...common, "S54", "S68", "S73"];
  return [...common, ...INTEROPERABILITY_STANDARDS.map((s) => s.id)];
}

export const frameworkById = (id: string) => {
  const framework = FRAMEWORKS.find((f) => f.id === id);
  if (!framework) throw new Error(`Unknown framework ${id}`);
  return framework;
};

export const capabilityCategoryId = (name: CapabilityCategoryName) =>
  `cat-${name.toLowerCase().replace(/[^a-z]+/g, "-")}`;

export async function hasReferenceData(db: Db): Promise<boolean> {
  return (await db.framework.count()) > 0;
}

/** Inserts all reference rows. Expects none to exist (check with hasReferenceData). */
export async function seedReferenceData(db: Db, today: Date): Promise<void> {
  await db.framework.createMany({
    data: FRAMEWORKS.map((f): Prisma.FrameworkCreateManyInput => ({
      id: f.id,
      name: f.name,
      shortName: f.shortName,
      owner: f.owner,
      fundingTypes: f.fundingTypes,
      maxTermMonths: f.maxTermMonths,
      status: f.status,
      startsOn: addYears(today, f.startsInYears),
      endsOn: addYears(today, f.endsInYears),
    })),
  });
  await db.capabilityCategory.createMany({
    data: CAPABILITY_CATEGORIES.map((name) => ({ id: capabilityCategoryId(name), name })),
  });
  await db.capability.createMany({
    data: CAPABILITIES.map((c): Prisma.CapabilityCreateManyInput => ({
      id: c.id,
      number: Number(c.id.slice(1)),
      name: c.name,
      description: c.description,
      categoryId: capabilityCategoryId(c.category),
      status: c.expired ? "EXPIRED" : "ACTIVE",
      isFoundation: (FOUNDATION_CAPABILITY_IDS as readonly string[]).includes(c.id),
    })),
  });
  await db.epic.createMany({ data: EPICS });
  await db.standard.createMany({
    data: STANDARDS.map((s): Prisma.StandardCreateManyInput => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      isOverarching: s.kind === "OVERARCHING",
      expiresOnCycle: s.cycleMonths !== undefined,
      cycleMonths: s.cycleMonths ?? null,
      annualDeadline: s.annualDeadline ?? null,
      safetyCritical: s.safetyCritical ?? false,
      securityCritical: s.securityCritical ?? false,
    })),
  });
  await db.integrationType.createMany({ data: INTEGRATION_TYPES });
  await db.frameworkCapability.createMany({
    data: FRAMEWORKS.flatMap((f) => frameworkCapabilityIds(f.id).map((capabilityId) => ({ frameworkId: f.id, capabilityId }))),
  });
  await db.frameworkStandard.createMany({
    data: FRAMEWORKS.flatMap((f) => frameworkStandardIds(f.id).map((standardId) => ({ frameworkId: f.id, standardId }))),
  });
  await db.allowedEmailDomain.createMany({ data: ALLOWED_EMAIL_DOMAINS.map((domain) => ({ id: `domain-${domain}`, domain })) });
}
