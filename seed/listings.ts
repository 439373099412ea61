import type {
  ApplicationType,
  BillingPeriod,
  CalculationType,
  HostingType,
  IntegrationRole,
  PracticeReorganisationType,
  PriceType,
  ProvisioningType,
} from "../generated/prisma/enums";

/**
 * The words of fictional listings: kinds of product a GP practice or ICB buys, with the
 * capabilities, integrations, prices and wording that go with each, so generated listings
 * read like the real catalogue and search has something meaningful to find.
 */

export type PriceTemplate = {
  provisioningType: ProvisioningType;
  priceType: PriceType;
  calculationType: CalculationType;
  billingPeriod: BillingPeriod;
  unitDescription: string;
  unitDefinition?: string;
  /** List price range of the first tier, in pounds. */
  price: [number, number];
  /** Upper bounds of every tier but the last (the last is open-ended). Omitted for flat prices. */
  tierUpperBounds?: number[];
  rangeDescription?: string;
};

export type ServiceTemplate = {
  name: string;
  summary: string;
  capabilityIds: string[];
  price: PriceTemplate;
};

export type Archetype = {
  key: string;
  productNouns: string[];
  requiredCapabilityIds: string[];
  optionalCapabilityIds: string[];
  frameworkIds: string[];
  integrations: { integrationTypeId: string; role: IntegrationRole; description: string }[];
  applicationTypes: ApplicationType[];
  hostingTypes: HostingType[];
  summaries: string[];
  descriptions: string[];
  features: string[];
  prices: PriceTemplate[];
  additionalServices: ServiceTemplate[];
  /** Relative frequency among generated (non-foundation) solutions. */
  weight: number;
};

const perPatientYear = (price: [number, number]): PriceTemplate => ({
  provisioningType: "PATIENT",
  priceType: "FLAT",
  calculationType: "VOLUME",
  billingPeriod: "YEARLY",
  unitDescription: "per patient",
  unitDefinition: "Each patient registered at the practice, taken from the practice list size",
  price,
});

const perPatientTiered = (price: [number, number], calculationType: CalculationType): PriceTemplate => ({
  provisioningType: "PATIENT",
  priceType: "TIERED",
  calculationType,
  billingPeriod: "YEARLY",
  unitDescription: "per patient",
  unitDefinition: "Each patient registered at the practice, taken from the practice list size",
  price,
  tierUpperBounds: [5000, 10000, 15000, 20000, 30000, 50000],
  rangeDescription: "Tiers by practice list size",
});

const perPracticeMonth = (price: [number, number]): PriceTemplate => ({
  provisioningType: "DECLARATIVE",
  priceType: "FLAT",
  calculationType: "VOLUME",
  billingPeriod: "MONTHLY",
  unitDescription: "per practice",
  price,
});

const perLicenceMonthTiered = (price: [number, number], calculationType: CalculationType): PriceTemplate => ({
  provisioningType: "DECLARATIVE",
  priceType: "TIERED",
  calculationType,
  billingPeriod: "MONTHLY",
  unitDescription: "per licence",
  unitDefinition: "A named member of practice staff who can sign in",
  price,
  tierUpperBounds: [10, 25, 50],
  rangeDescription: "Tiers by number of licences",
});

const sitePackageYear = (price: [number, number]): PriceTemplate => ({
  provisioningType: "DECLARATIVE",
  priceType: "TIERED",
  calculationType: "SINGLE_FIXED",
  billingPeriod: "YEARLY",
  unitDescription: "per practice",
  unitDefinition: "A fixed yearly fee for the practice, by the number of sites it runs",
  price,
  tierUpperBounds: [2, 4],
  rangeDescription: "Tiers by number of practice sites: 1 to 2, 3 to 4, 5 or more",
});

const onDemand = (unitDescription: string, price: [number, number], tierUpperBounds?: number[]): PriceTemplate => ({
  provisioningType: "ON_DEMAND",
  priceType: tierUpperBounds ? "TIERED" : "FLAT",
  calculationType: tierUpperBounds ? "CUMULATIVE" : "VOLUME",
  billingPeriod: "MONTHLY",
  unitDescription,
  price,
  tierUpperBounds,
  rangeDescription: tierUpperBounds ? "Tiers by monthly use" : undefined,
});

const oneOff = (unitDescription: string, price: [number, number], provisioningType: ProvisioningType = "DECLARATIVE"): PriceTemplate => ({
  provisioningType,
  priceType: "FLAT",
  calculationType: "SINGLE_FIXED",
  billingPeriod: "ONE_OFF",
  unitDescription,
  price,
});

const SMS_BUNDLE: ServiceTemplate = {
  name: "SMS messaging",
  summary: "Text messages to patients, charged per message sent.",
  capabilityIds: ["C7"],
  price: onDemand("per SMS", [0.03, 0.05], [10000, 50000]),
};

const ADVANCED_REPORTING: ServiceTemplate = {
  name: "Advanced reporting",
  summary: "Dashboards and scheduled reports across practices in a Primary Care Network.",
  capabilityIds: ["C16"],
  price: perPracticeMonth([25, 60]),
};

export const FOUNDATION_ARCHETYPE: Archetype = {
  key: "foundation",
  productNouns: ["GP", "Clinical", "Practice", "Primary Care"],
  requiredCapabilityIds: ["C5", "C11", "C12", "C13", "C14", "C15"],
  optionalCapabilityIds: ["C1", "C2", "C3", "C4", "C6", "C9", "C10", "C16", "C17", "C20", "C42", "C50"],
  frameworkIds: ["NHSDGP001"],
  integrations: [
    { integrationTypeId: "IM1_BULK", role: "PROVIDER", description: "Bulk extract of practice data for approved analytics partners." },
    { integrationTypeId: "IM1_TRANSACTIONAL", role: "PROVIDER", description: "Read and write access to the patient record for approved partner products." },
    { integrationTypeId: "IM1_PATIENT_FACING", role: "PROVIDER", description: "Patient-facing services such as online booking and repeat prescriptions." },
    { integrationTypeId: "GPC_ACCESS_RECORD_HTML", role: "PROVIDER", description: "Shares the patient record with authorised clinicians in other care settings." },
    { integrationTypeId: "GPC_APPOINTMENT_MANAGEMENT", role: "PROVIDER", description: "Lets NHS 111 and extended access hubs book into practice appointment slots." },
    { integrationTypeId: "GPC_ACCESS_RECORD_STRUCTURED", role: "PROVIDER", description: "Shares medications and allergies in structured, coded form." },
    { integrationTypeId: "GPC_UPDATE_RECORD", role: "CONSUMER", description: "Receives consultation summaries from community pharmacy." },
  ],
  applicationTypes: ["BROWSER_BASED", "DESKTOP", "MOBILE_OR_TABLET"],
  hostingTypes: ["PUBLIC_CLOUD", "PRIVATE_CLOUD"],
  summaries: [
    "A complete clinical system for general practice: appointments, prescribing, consultations and referrals in one patient record.",
    "Cloud-based GP clinical system that covers everything a practice needs to run, from registration to electronic prescribing.",
    "The core clinical and administrative system for GP practices, assured against all six foundation capabilities.",
  ],
  descriptions: [
    "{name} brings the whole practice into a single, coded patient record. Clinicians record consultations with SNOMED CT, prescribe through the Electronic Prescription Service and refer through the e-Referral Service without leaving the record.",
    "Reception teams manage session templates, appointment slots and patient registrations, with demographic details kept in step with the Personal Demographics Service. GP2GP record transfer and GP Connect sharing are built in.",
    "The system is hosted in an assured data centre with an HSCN connection, so there is nothing to install at the practice beyond a supported browser. Updates are released every month without downtime.",
  ],
  features: [
    "Electronic Prescription Service (EPS) prescribing with repeat dispensing",
    "Session templates and appointment books shared across sites",
    "SNOMED CT coded consultation recording with templates",
    "e-Referral Service (e-RS) integration",
    "GP2GP record transfer",
    "GP Connect appointment management and access record",
    "Drug interaction and allergy checking at the point of prescribing",
    "Patient registration with PDS synchronisation",
    "Built-in clinical reporting and QOF searches",
    "Task management for the whole practice team",
    "Voice dictation in consultations",
  ],
  prices: [perPatientYear([4, 12]), perPatientTiered([9, 12], "CUMULATIVE")],
  additionalServices: [
    { name: "Dispensing module", summary: "Stock control, dispensing and endorsement for dispensing practices.", capabilityIds: ["C42"], price: perPatientYear([0.8, 2.5]) },
    ADVANCED_REPORTING,
    SMS_BUNDLE,
  ],
  weight: 0,
};

export const ARCHETYPES: Archetype[] = [
  {
    key: "online-consultation",
    productNouns: ["Consult", "Triage", "Online Consult", "Ask My Practice"],
    requiredCapabilityIds: ["C43"],
    optionalCapabilityIds: ["C2", "C7", "C44", "C20"],
    frameworkIds: ["TIF001", "DFOCVC001"],
    integrations: [
      { integrationTypeId: "NHSAPP_ONLINE_CONSULTATIONS", role: "PROVIDER", description: "Patients start an online consultation from the NHS App." },
      { integrationTypeId: "IM1_TRANSACTIONAL", role: "CONSUMER", description: "Files completed consultations and coded outcomes into the GP record." },
      { integrationTypeId: "GPC_SEND_DOCUMENT", role: "CONSUMER", description: "Sends consultation summaries to the practice clinical system." },
    ],
    applicationTypes: ["BROWSER_BASED", "MOBILE_OR_TABLET"],
    hostingTypes: ["PUBLIC_CLOUD"],
    summaries: [
      "Online consultation for GP practices: patients describe their problem online and the practice triages every request in one place.",
      "Total triage made simple: clinical and admin requests arrive as structured online consultations, ready to route to the right person.",
      "Let patients contact the practice online, day or night, with smart questionnaires that capture what the clinician needs to know.",
    ],
    descriptions: [
      "{name} gives patients a simple online form, available from the practice website and the NHS App, to ask for help with a new problem, a sick note, test results or an administrative request.",
      "Adaptive questionnaires ask the right follow-up questions and flag red-flag symptoms straight away, directing urgent cases to NHS 111 or 999.",
      "Requests land in a shared triage inbox where the team can assign, message the patient, book an appointment or start a video consultation. Outcomes are filed to the GP record automatically.",
      "Practices can set opening hours and capacity limits for online requests, and see demand reports to plan their workforce.",
    ],
    features: [
      "Online consultation from the practice website and the NHS App",
      "Red-flag symptom checking with automatic signposting",
      "Shared triage inbox with assignment and status tracking",
      "Two-way messaging with patients",
      "Admin requests: sick notes, test results, letters",
      "Consultation summaries filed to the GP record",
      "Demand and response-time reporting",
      "Capacity limits and opening hours per practice",
      "Accessible forms meeting WCAG 2.2 AA",
      "Proxy requests for carers and parents",
    ],
    prices: [perPatientYear([1.2, 2.6]), sitePackageYear([900, 2400])],
    additionalServices: [
      { name: "Video consultation add-on", summary: "Start a video call with the patient straight from an online consultation.", capabilityIds: ["C44"], price: perPracticeMonth([30, 80]) },
      SMS_BUNDLE,
    ],
    weight: 14,
  },
  {
    key: "video-consultation",
    productNouns: ["Video", "Visit", "Face to Face", "Clinic"],
    requiredCapabilityIds: ["C44"],
    optionalCapabilityIds: ["C2", "C7", "C29"],
    frameworkIds: ["TIF001", "DFOCVC001"],
    integrations: [
      { integrationTypeId: "IM1_TRANSACTIONAL", role: "CONSUMER", description: "Writes the consultation summary to the patient record." },
      { integrationTypeId: "NHSAPP_PRIMARY_CARE_NOTIFICATIONS", role: "CONSUMER", description: "Sends the video call link as an NHS App notification." },
    ],
    applicationTypes: ["BROWSER_BASED", "MOBILE_OR_TABLET"],
    hostingTypes: ["PUBLIC_CLOUD"],
    summaries: [
      "Secure video consultation in the browser: patients join from a text message link, with nothing to download.",
      "Video consultation for general practice, built for patients with low bandwidth and older devices.",
      "Hold video consultations, group sessions and multidisciplinary meetings from one secure, NHS-assured platform.",
    ],
    descriptions: [
      "{name} lets clinicians start a video consultation with one click and send the patient a link by SMS or email. Patients join from any modern browser without registering or installing an app.",
      "Calls adapt to poor connections and fall back to audio when bandwidth drops. Interpreters and carers can be invited into the call.",
      "Clinicians can share photos and documents during the call, and a summary is saved to the patient record afterwards.",
    ],
    features: [
      "Join by SMS link: no app or registration for patients",
      "Virtual waiting room with queue position",
      "Three-way calls with interpreters and carers",
      "Photo and file sharing during the call",
      "Automatic fallback to audio on poor connections",
      "Consultation summary saved to the GP record",
      "Group consultations for long-term condition clinics",
    ],
    prices: [perLicenceMonthTiered([18, 35], "VOLUME"), onDemand("per consultation", [0.5, 2.5])],
    additionalServices: [SMS_BUNDLE],
    weight: 10,
  },
  {
    key: "patient-messaging",
    productNouns: ["Messaging", "Messenger", "Reach", "Notify"],
    requiredCapabilityIds: ["C7"],
    optionalCapabilityIds: ["C2", "C41", "C50"],
    frameworkIds: ["TIF001"],
    integrations: [
      { integrationTypeId: "IM1_TRANSACTIONAL", role: "CONSUMER", description: "Reads mobile numbers and files sent messages into the record." },
      { integrationTypeId: "NHSAPP_PRIMARY_CARE_NOTIFICATIONS", role: "CONSUMER", description: "Sends messages as NHS App notifications where the patient uses the app, SMS otherwise." },
    ],
    applicationTypes: ["BROWSER_BASED", "DESKTOP"],
    hostingTypes: ["PUBLIC_CLOUD"],
    summaries: [
      "Patient messaging for GP practices: SMS, NHS App notifications and patient responses in one place.",
      "Send appointment reminders, recalls and questionnaires to patients in bulk, and file the replies to the record.",
    ],
    descriptions: [
      "{name} sends individual and batch messages to patients by NHS App notification, SMS or email, choosing the cheapest channel each patient can receive.",
      "Messages and patient replies are saved to the GP record automatically. Templates cover appointment reminders, test results, recalls and friends and family test questionnaires.",
      "Patients can reply with photos or complete a questionnaire, so many routine requests are resolved without a phone call.",
    ],
    features: [
      "SMS, NHS App notifications and email from one screen",
      "Batch messaging for recalls and vaccination campaigns",
      "Appointment reminders with cancel-by-reply",
      "Patient questionnaires with coded answers",
      "Photo requests from patients",
      "Messages filed to the GP record",
      "Delivery and response reporting",
    ],
    prices: [onDemand("per SMS", [0.03, 0.05], [10000, 50000, 100000]), perPracticeMonth([25, 75])],
    additionalServices: [],
    weight: 10,
  },
  {
    key: "appointments",
    productNouns: ["Book", "Bookings", "Appointments", "Slots"],
    requiredCapabilityIds: ["C1", "C23"],
    optionalCapabilityIds: ["C5", "C46", "C7"],
    frameworkIds: ["TIF001"],
    integrations: [
      { integrationTypeId: "GPC_APPOINTMENT_MANAGEMENT", role: "CONSUMER", description: "Books into practice appointment books across the Primary Care Network." },
      { integrationTypeId: "IM1_PATIENT_FACING", role: "CONSUMER", description: "Lets patients see and book available appointments online." },
    ],
    applicationTypes: ["BROWSER_BASED", "MOBILE_OR_TABLET"],
    hostingTypes: ["PUBLIC_CLOUD", "PRIVATE_CLOUD"],
    summaries: [
      "Cross-organisation appointment booking for Primary Care Networks and extended access hubs.",
      "Online appointment booking that lets patients choose a time that suits them, at their practice or a nearby hub.",
    ],
    descriptions: [
      "{name} shows available appointments across every practice in a Primary Care Network, so reception teams and NHS 111 can book patients into the first suitable slot.",
      "Patients receive a self-booking link by SMS and can choose, change or cancel their appointment without calling the practice.",
      "Hubs see the relevant parts of the patient's record through GP Connect before the appointment.",
    ],
    features: [
      "Self-booking links sent by SMS",
      "Shared appointment books across a Primary Care Network",
      "GP Connect appointment management",
      "Automatic reminders and cancellations",
      "Waiting list with automatic offers of cancelled slots",
      "Utilisation reporting by clinician type",
    ],
    prices: [perPatientYear([1.2, 2.2]), perPracticeMonth([40, 120])],
    additionalServices: [SMS_BUNDLE],
    weight: 8,
  },
  {
    key: "documents",
    productNouns: ["Docs", "Workflow", "Correspondence", "Inbox"],
    requiredCapabilityIds: ["C9"],
    optionalCapabilityIds: ["C17", "C20", "C41", "C50"],
    frameworkIds: ["NHSDGP001", "TIF001"],
    integrations: [
      { integrationTypeId: "IM1_TRANSACTIONAL", role: "CONSUMER", description: "Files coded documents to the patient record." },
      { integrationTypeId: "GPC_SEND_DOCUMENT", role: "CONSUMER", description: "Receives documents sent through GP Connect." },
    ],
    applicationTypes: ["BROWSER_BASED", "DESKTOP"],
    hostingTypes: ["PUBLIC_CLOUD", "HYBRID"],
    summaries: [
      "Document management and workflow for incoming clinical correspondence, with automatic coding of letters.",
      "Process hospital letters and discharge summaries in minutes: read, code, action and file in one workflow.",
    ],
    descriptions: [
      "{name} collects incoming letters from MESH, email and the scanner into a single workflow. Suggested SNOMED CT codes and actions are extracted from each document for the team to confirm.",
      "Documents needing a GP's attention are routed to the right clinician, and everything else is filed by trained administrators, freeing up clinical time.",
      "Every action is audited, and workload reports show documents waiting, processed and escalated.",
    ],
    features: [
      "Incoming letters from MESH, email and scanner in one inbox",
      "Suggested SNOMED CT codes from letter text",
      "Workflow routing to clinicians and administrators",
      "Bulk scanning with barcode separation",
      "Audit trail of every action",
      "Workload and turnaround reporting",
    ],
    prices: [perPatientYear([0.9, 1.8]), perLicenceMonthTiered([12, 25], "CUMULATIVE")],
    additionalServices: [
      { name: "Scanning station", summary: "Scanner software and barcode separator sheets for high-volume scanning.", capabilityIds: ["C17"], price: perPracticeMonth([25, 45]) },
    ],
    weight: 8,
  },
  {
    key: "population-health",
    productNouns: ["Insight", "Population Health", "Analytics", "Cohorts"],
    requiredCapabilityIds: ["C34", "C16"],
    optionalCapabilityIds: ["C26", "C35", "C45", "C10"],
    frameworkIds: ["TIF001", "NHSDGP001"],
    integrations: [
      { integrationTypeId: "IM1_BULK", role: "CONSUMER", description: "Takes a daily pseudonymised extract of practice data." },
    ],
    applicationTypes: ["BROWSER_BASED"],
    hostingTypes: ["PUBLIC_CLOUD", "PRIVATE_CLOUD"],
    summaries: [
      "Population health management for Primary Care Networks and ICBs: find the patients who need proactive care.",
      "Risk stratification and cohort identification dashboards built on daily practice data.",
    ],
    descriptions: [
      "{name} brings together data from every practice in a Primary Care Network or ICB to identify patients at risk of hospital admission, with long-term conditions not yet diagnosed, or overdue for reviews.",
      "Ready-made searches cover the Quality and Outcomes Framework, Investment and Impact Fund indicators and vaccination programmes. Results link to batch messaging and recall lists.",
      "Data is pseudonymised at source and re-identified only for the practice that holds the patient's record, respecting the National Data Opt-Out.",
    ],
    features: [
      "Risk stratification with validated models",
      "Cohort identification for screening and vaccination",
      "QOF and Investment and Impact Fund dashboards",
      "Benchmarking across practices and Primary Care Networks",
      "Pseudonymised at source, National Data Opt-Out applied",
      "Recall lists exported to messaging",
    ],
    prices: [perPatientTiered([0.4, 1.4], "VOLUME"), perPracticeMonth([60, 200])],
    additionalServices: [ADVANCED_REPORTING],
    weight: 8,
  },
  {
    key: "medicines",
    productNouns: ["Meds", "Medicines", "Rx Optimise", "Pharmacy"],
    requiredCapabilityIds: ["C30"],
    optionalCapabilityIds: ["C3", "C6", "C42", "C16"],
    frameworkIds: ["NHSDGP001", "TIF001"],
    integrations: [
      { integrationTypeId: "IM1_TRANSACTIONAL", role: "CONSUMER", description: "Reads medication records and writes accepted recommendations." },
      { integrationTypeId: "GPC_ACCESS_RECORD_STRUCTURED", role: "CONSUMER", description: "Reads structured medications and allergies." },
    ],
    applicationTypes: ["BROWSER_BASED"],
    hostingTypes: ["PUBLIC_CLOUD"],
    summaries: [
      "Medicines optimisation that suggests safer, better-value prescribing at the point of care.",
      "Structured medication reviews and prescribing safety alerts for practice pharmacists.",
    ],
    descriptions: [
      "{name} reviews prescribing against national and local formularies and suggests switches that improve safety and value. Recommendations appear as the clinician prescribes, and can be accepted with one click.",
      "Practice and Primary Care Network pharmacists can run structured medication reviews, with patients prioritised by risk.",
      "Savings reports show the effect of accepted recommendations for each practice.",
    ],
    features: [
      "Point-of-prescribing formulary recommendations",
      "Prescribing safety alerts and audits",
      "Structured medication review workflow",
      "Repeat prescription requests handled by pharmacists",
      "Savings and uptake reporting",
    ],
    prices: [perPatientYear([0.5, 1.6])],
    additionalServices: [],
    weight: 6,
  },
  {
    key: "care-coordination",
    productNouns: ["Care Record", "Shared Care", "Care Plans", "Care Hub"],
    requiredCapabilityIds: ["C36", "C39"],
    optionalCapabilityIds: ["C21", "C22", "C24", "C29"],
    frameworkIds: ["TIF001"],
    integrations: [
      { integrationTypeId: "GPC_ACCESS_RECORD_HTML", role: "CONSUMER", description: "Shows the GP record to care teams in other organisations." },
      { integrationTypeId: "GPC_ACCESS_RECORD_STRUCTURED", role: "CONSUMER", description: "Reads structured record data into shared care plans." },
    ],
    applicationTypes: ["BROWSER_BASED", "MOBILE_OR_TABLET"],
    hostingTypes: ["PUBLIC_CLOUD", "PRIVATE_CLOUD"],
    summaries: [
      "Shared care plans and a unified care record for GPs, community teams, care homes and social care.",
      "Coordinate care across organisations with shared plans that everyone involved can see and update.",
    ],
    descriptions: [
      "{name} gives everyone caring for a patient the same up-to-date view: GP record through GP Connect, community and social care notes, and a shared care plan the patient can see too.",
      "Care home staff can record observations and raise concerns, which reach the GP practice as tasks.",
      "Access is role-based and audited, and respects patient consent and the National Data Opt-Out.",
    ],
    features: [
      "Shared care plans visible to every care team",
      "GP Connect access to the GP record",
      "Care home observations and escalation",
      "Multidisciplinary team meeting lists",
      "Role-based access with full audit",
    ],
    prices: [perPatientTiered([0.6, 1.5], "CUMULATIVE")],
    additionalServices: [],
    weight: 6,
  },
  {
    key: "workforce",
    productNouns: ["Rota", "Workforce", "Staff", "Teams"],
    requiredCapabilityIds: ["C25"],
    optionalCapabilityIds: ["C12", "C50", "C41"],
    frameworkIds: ["TIF001"],
    integrations: [],
    applicationTypes: ["BROWSER_BASED", "MOBILE_OR_TABLET"],
    hostingTypes: ["PUBLIC_CLOUD"],
    summaries: [
      "Rotas, sessions and locum bookings across a Primary Care Network, in one workforce planner.",
      "Plan and share staff between practices, and fill gaps with trusted locums.",
    ],
    descriptions: [
      "{name} helps practices and Primary Care Networks plan clinical and administrative rotas, share staff between sites and book sessional GPs.",
      "Staff see their shifts on their phone, swap sessions and record leave, and managers see cover gaps before they happen.",
    ],
    features: [
      "Rota planning across practices",
      "Mobile app for staff shifts and leave",
      "Locum session booking and invoicing",
      "Additional Roles Reimbursement Scheme reporting",
      "Skills and training records",
    ],
    prices: [perLicenceMonthTiered([4, 9], "VOLUME")],
    additionalServices: [],
    weight: 5,
  },
  {
    key: "telephony",
    productNouns: ["Voice", "Telephony", "Call", "Phone"],
    requiredCapabilityIds: ["C7"],
    optionalCapabilityIds: ["C2", "C41", "C23"],
    frameworkIds: ["ATP001"],
    integrations: [
      { integrationTypeId: "IM1_TRANSACTIONAL", role: "CONSUMER", description: "Shows the caller's record and files call notes." },
      { integrationTypeId: "GPC_APPOINTMENT_MANAGEMENT", role: "CONSUMER", description: "Books appointments during the call." },
    ],
    applicationTypes: ["BROWSER_BASED", "DESKTOP"],
    hostingTypes: ["PUBLIC_CLOUD"],
    summaries: [
      "Cloud telephony for general practice with call queuing, call-back and patient record pop-up.",
      "Advanced telephony: no more engaged tones, with call-backs, messages and real-time demand data.",
    ],
    descriptions: [
      "{name} replaces the practice's analogue phone system with cloud telephony. Callers hear their place in the queue and can ask for a call-back instead of waiting.",
      "When a call is answered, the patient's record opens automatically through the GP clinical system. Calls can be recorded and notes filed to the record.",
      "Live dashboards show calls waiting, abandoned and answered, and monthly reports meet the national data requirements.",
    ],
    features: [
      "Queue position announcements and call-back",
      "Patient record pop-up on answer",
      "Call recording with notes filed to the record",
      "Live demand dashboards",
      "Online consultation signposting in the call menu",
      "National telephony data submissions",
    ],
    prices: [perPracticeMonth([90, 200]), onDemand("per minute", [0.01, 0.03], [20000, 60000])],
    additionalServices: [
      { name: "Call recording storage", summary: "Seven-year retention of call recordings.", capabilityIds: ["C7"], price: perPracticeMonth([25, 40]) },
    ],
    weight: 7,
  },
  {
    key: "social-prescribing",
    productNouns: ["Connect", "Link", "Community", "Wellbeing"],
    requiredCapabilityIds: ["C37"],
    optionalCapabilityIds: ["C22", "C24"],
    frameworkIds: ["TIF001"],
    integrations: [
      { integrationTypeId: "IM1_TRANSACTIONAL", role: "CONSUMER", description: "Receives referrals and writes outcomes back to the record." },
    ],
    applicationTypes: ["BROWSER_BASED", "MOBILE_OR_TABLET"],
    hostingTypes: ["PUBLIC_CLOUD"],
    summaries: [
      "Social prescribing case management for link workers, with a directory of local community services.",
      "Refer patients to social prescribing link workers from the GP record and track wellbeing outcomes.",
    ],
    descriptions: [
      "{name} lets clinicians refer patients to a social prescribing link worker from the GP record. Link workers manage their caseload, record wellbeing measures and connect people with local groups from a maintained directory.",
      "Outcome reports show referrals, contacts and wellbeing improvements for each Primary Care Network.",
    ],
    features: [
      "Referral from the GP record",
      "Link worker caseload management",
      "Directory of local community services",
      "Wellbeing outcome measures",
      "Primary Care Network reporting",
    ],
    prices: [perLicenceMonthTiered([20, 40], "SINGLE_FIXED")],
    additionalServices: [],
    weight: 4,
  },
  {
    key: "personal-health-record",
    productNouns: ["My Health", "Health Record", "Patient App", "Companion"],
    requiredCapabilityIds: ["C33"],
    optionalCapabilityIds: ["C1", "C3", "C4", "C18"],
    frameworkIds: ["TIF001"],
    integrations: [
      { integrationTypeId: "NHSAPP_PERSONAL_HEALTH_RECORDS", role: "PROVIDER", description: "Patients open their personal health record from the NHS App." },
      { integrationTypeId: "IM1_PATIENT_FACING", role: "CONSUMER", description: "Shows GP record, appointments and repeat prescriptions." },
      { integrationTypeId: "NHSAPP_SECONDARY_CARE_NOTIFICATIONS", role: "CONSUMER", description: "Shows hospital appointment notifications." },
    ],
    applicationTypes: ["MOBILE_OR_TABLET", "BROWSER_BASED"],
    hostingTypes: ["PUBLIC_CLOUD"],
    summaries: [
      "A personal health record patients control: GP record, care plans, home readings and hospital letters in one app.",
      "Patient app with NHS login: view the GP record, order repeat prescriptions and share home readings with the practice.",
    ],
    descriptions: [
      "{name} lets patients sign in with NHS login to see their GP record, order repeat prescriptions and book appointments, alongside care plans and readings from home monitoring devices.",
      "Clinicians see home blood pressure and other readings as trends, and can set up remote monitoring for patients with long-term conditions.",
    ],
    features: [
      "Sign in with NHS login",
      "GP record, appointments and repeat prescriptions",
      "Home readings from connected devices",
      "Care plans shared by the care team",
      "Hospital letters and notifications",
    ],
    prices: [perPatientYear([1.2, 3])],
    additionalServices: [],
    weight: 4,
  },
  {
    key: "vaccinations",
    productNouns: ["Vaccinate", "Immunise", "Jabs", "Clinics"],
    requiredCapabilityIds: ["C46", "C47"],
    optionalCapabilityIds: ["C45", "C7"],
    frameworkIds: ["TIF001"],
    integrations: [
      { integrationTypeId: "IM1_TRANSACTIONAL", role: "CONSUMER", description: "Writes vaccination events to the GP record." },
    ],
    applicationTypes: ["BROWSER_BASED", "MOBILE_OR_TABLET"],
    hostingTypes: ["PUBLIC_CLOUD"],
    summaries: [
      "Vaccination clinic booking and point-of-care recording for Primary Care Networks.",
      "Run seasonal vaccination campaigns: invite eligible cohorts, book clinics and record vaccinations on a tablet.",
    ],
    descriptions: [
      "{name} invites eligible patients, books them into vaccination clinics across the Primary Care Network and records the vaccination at the point of care, including batch numbers and any adverse reaction.",
      "Records are sent to the patient's GP practice on the same day, and uptake dashboards show progress against each programme.",
    ],
    features: [
      "Cohort invitations by SMS",
      "Clinic booking across a Primary Care Network",
      "Point-of-care recording on a tablet",
      "Adverse reaction recording",
      "Same-day update of the GP record",
      "Uptake dashboards",
    ],
    prices: [onDemand("per vaccination recorded", [0.2, 0.6], [1000, 5000, 10000, 25000, 50000, 100000])],
    additionalServices: [],
    weight: 4,
  },
  {
    key: "productivity",
    productNouns: ["Automate", "Assist", "Admin", "Flow"],
    requiredCapabilityIds: ["C41"],
    optionalCapabilityIds: ["C20", "C50", "C9"],
    frameworkIds: ["TIF001"],
    integrations: [
      { integrationTypeId: "IM1_TRANSACTIONAL", role: "CONSUMER", description: "Reads and updates the record for automated tasks." },
    ],
    applicationTypes: ["BROWSER_BASED", "DESKTOP"],
    hostingTypes: ["PUBLIC_CLOUD", "HYBRID"],
    summaries: [
      "Automation of routine practice administration: coding, recalls, and data-quality checks done overnight.",
      "Save administrative time with reviewable automations for coding, recalls and record tidying.",
    ],
    descriptions: [
      "{name} automates repetitive administrative tasks such as coding incoming results, updating recall dates and tidying duplicate entries, with every change reviewable by the practice.",
      "Practices choose which automations to run and see the time saved each month.",
    ],
    features: [
      "Overnight automation of routine coding",
      "Recall date maintenance",
      "Data-quality checks and fixes",
      "Review queue for every automated change",
      "Time-saved reporting",
    ],
    prices: [perPracticeMonth([50, 150])],
    additionalServices: [],
    weight: 6,
  },
];

export type AssociatedServiceTemplate = {
  name: string;
  summary: string;
  orderGuidance: string;
  practiceReorganisation?: PracticeReorganisationType;
  price: PriceTemplate;
};

export const ASSOCIATED_SERVICES: AssociatedServiceTemplate[] = [
  {
    name: "Training (half day, remote)",
    summary: "A half-day remote training session for up to 12 practice staff.",
    orderGuidance: "Order one unit per session. Sessions are booked with the practice after the order is completed.",
    price: oneOff("per session", [500, 1200]),
  },
  {
    name: "Training (full day, on site)",
    summary: "A full day of on-site training, tailored to the practice's workflows.",
    orderGuidance: "Order one unit per day of training.",
    price: oneOff("per day", [900, 2500]),
  },
  {
    name: "Data migration",
    summary: "Migration of the practice's data from its previous system, with validation and sign-off.",
    orderGuidance: "Order one unit per practice whose data is being migrated.",
    price: oneOff("per practice", [1500, 5000]),
  },
  {
    name: "Practice merger",
    summary: "Merging two or more practice records into one, including appointment books and templates.",
    orderGuidance: "Use for a merger of practices on the same system. Order one unit per practice being merged in.",
    practiceReorganisation: "MERGER",
    price: oneOff("per practice", [2000, 5000]),
  },
  {
    name: "Practice split",
    summary: "Splitting a practice's records between two successor practices.",
    orderGuidance: "Use when a practice splits. Order one unit per successor practice.",
    practiceReorganisation: "SPLIT",
    price: oneOff("per practice", [2000, 5000]),
  },
  {
    name: "Implementation project management",
    summary: "A named project manager to plan and run the practice's implementation.",
    orderGuidance: "Order the number of project management days agreed with the supplier.",
    price: oneOff("per day", [450, 900], "ON_DEMAND"),
  },
];

export const IMPLEMENTATION_TIMESCALES = [
  "Most practices are live within 4 weeks of the order: a kick-off call in week 1, configuration and training in weeks 2 and 3, go-live in week 4.",
  "Typical implementation takes 6 to 8 weeks, including data migration, two training sessions and a supported go-live day.",
  "Ready to use within 5 working days. Onboarding is remote, with a named implementation lead.",
  "Implementation takes 8 to 12 weeks for a single practice, with a phased go-live for Primary Care Networks.",
];

export const SERVICE_LEVELS = [
  "Service available 99.9% of the time, measured monthly. Priority 1 incidents answered within 15 minutes, 24 hours a day.",
  "99.95% availability outside planned maintenance (Sundays 01:00 to 05:00). Service desk open 8am to 6:30pm, Monday to Friday.",
  "99.5% availability. Priority 1 incidents resolved within 4 hours, priority 2 within 1 working day.",
];

export const ROADMAPS = [
  "Next quarter: NHS App notifications and accessibility improvements. Later this year: GP Connect Update Record.",
  "In development: structured data extraction from letters and a new reporting module.",
  "Planned: integration with the national booking and referral standard and Welsh-language support.",
  "This year: move to a new hosting region and add multi-factor sign-in for all users.",
];

/** Invented company name parts: never real suppliers. */
export const COMPANY_FIRST_WORDS = [
  "Ashgrove", "Brightwell", "Calderbrook", "Dovecote", "Elmstead", "Fernleigh", "Greymoor", "Hazelbank",
  "Ivybridge", "Juniper", "Kingsmead", "Larkspur", "Meadowvale", "Northfield", "Oakhurst", "Pennine",
  "Quayside", "Rowanberry", "Saltmarsh", "Thornbury", "Underhill", "Valewood", "Willowmere", "Yarrow",
  "Amberley", "Birchfield", "Coppergate", "Dalesway", "Eastbrook", "Foxglove", "Goldcrest", "Heathcote",
  "Ironbridge", "Kestrel", "Lindenfold", "Marlowe", "Nettlebed", "Orchard", "Primrose", "Redwing",
];

export const COMPANY_SECOND_WORDS = [
  "Health Systems", "Clinical Software", "Digital Health", "Care Technologies", "Medical Informatics",
  "HealthTech", "Health Solutions", "Primary Care Systems", "Healthcare Software", "Digital Care",
];

export const PRODUCT_BRANDS = [
  "Aria", "Beacon", "Cobalt", "Delta", "Ember", "Fable", "Harbour", "Indigo", "Jasper", "Keel",
  "Lantern", "Mosaic", "Nimbus", "Opal", "Pillar", "Quill", "Ripple", "Summit", "Tandem", "Umber",
  "Vantage", "Waypoint", "Zenith", "Anchor", "Bramble", "Compass", "Drift", "Echo", "Fathom", "Grove",
];

export const TOWNS = [
  "Leeds", "Sheffield", "Manchester", "Bristol", "Nottingham", "Reading", "Newcastle upon Tyne", "Birmingham",
  "Cambridge", "York", "Exeter", "Norwich", "Preston", "Lancaster", "Derby", "Milton Keynes",
];

export const STREETS = [
  "Station Road", "High Street", "Mill Lane", "Church Street", "Park Road", "Victoria Road", "Queen Street",
  "King Street", "Bridge Street", "Market Place", "Chapel Lane", "Green Lane",
];
