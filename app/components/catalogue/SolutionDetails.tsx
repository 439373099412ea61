import type { ReactNode } from "react";
import { AppLink, SummaryList, Table, Tag, WarningCallout } from "~/components/nhs";
import { formatListPrice } from "~/modules/catalogue/indicative-price";
import { solutionWarning, type ServiceView, type SolutionView } from "~/modules/catalogue/solution-view";
import { APPLICATION_TYPE_LABELS, HOSTING_LABELS, INTEGRATION_GROUP_LABELS, type ApplicationTypeKey, type HostingTypeKey, type IntegrationGroupKey } from "~/services/search/document";
import { CapabilityBadge, FoundationBadge, FrameworkBadge, ListingStatusBadge, StandardBadge } from "./Badges";
import { PriceTable, priceLabel } from "./PriceTable";

const SECTIONS = [
  ["overview", "Overview"],
  ["features", "Features"],
  ["capabilities", "Capabilities and epics"],
  ["standards", "Standards and assurance"],
  ["integrations", "Integrations"],
  ["hosting", "Hosting and application types"],
  ["prices", "List prices"],
  ["services", "Additional and Associated Services"],
  ["implementation", "Implementation"],
  ["service-levels", "Service levels"],
  ["supplier", "Supplier"],
] as const;

const EPIC_RESULT_WORDS: Record<string, string> = { PASSED: "Met", NOT_EVIDENCED: "Not evidenced", FAILED: "Not met" };
const LEVEL_WORDS: Record<string, string> = { MUST: "Must", SHOULD: "Should", MAY: "May" };

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="mb-10 border-t border-grey-4 pt-6">
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

function Services({ title, services }: { title: string; services: ServiceView[] }) {
  if (services.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="list-none p-0">
        {services.map((service) => (
          <li key={service.id} className="mb-4 border-l-4 border-grey-4 pl-4">
            <p className="mb-1 font-bold">{service.name}</p>
            {service.summary ? <p className="mb-1">{service.summary}</p> : null}
            {service.prices.map((price) => (
              <p key={price.id} className="mb-0 text-16 text-text-secondary">
                {price.tiers[0] ? `From ${formatListPrice(price.tiers[0].price)} ${priceLabel(price)}` : null}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The body of a solution page, from plain data: the buyer's page renders it from the
 * published revision, the supplier portal's preview from a draft (`solutionViewFromContent`).
 */
export function SolutionDetails({ solution, title, actions }: { solution: SolutionView; title?: ReactNode; actions?: ReactNode }) {
  const warning = solutionWarning(solution);
  const passed = solution.capabilities.filter((c) => c.result !== "FAILED");
  const solutionStandards = solution.standards.filter((s) => s.level === "solution");
  const supplierStandards = solution.standards.filter((s) => s.level === "supplier");
  const standardRows = (standards: SolutionView["standards"]) =>
    standards.map((s) => [
      <span key="name">
        {s.name} <span className="text-text-secondary">({s.id})</span>
      </span>,
      <StandardBadge key="badge" record={s} today={solution.today} />,
    ]);

  return (
    <>
      <span className="mb-2 block text-19 text-text-secondary">{solution.supplier.name}</span>
      {title ?? <h1 className="mb-4">{solution.name}</h1>}
      <div className="mb-4">
        {solution.foundation ? <FoundationBadge /> : null}
        <ListingStatusBadge publicationStatus={solution.publicationStatus} />
        {solution.frameworks.map((f) => (
          <FrameworkBadge key={f.id} shortName={f.shortName} expired={f.expired} />
        ))}
      </div>
      <p className="text-22">{solution.summary}</p>
      {warning ? (
        <WarningCallout heading={warning.heading} headingLevel={2}>
          {warning.reasons.length === 1 ? (
            <p>{warning.reasons[0]}</p>
          ) : warning.reasons.length > 1 ? (
            <ul className="nhsuk-list nhsuk-list--bullet">
              {warning.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          ) : null}
          {warning.meaning.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </WarningCallout>
      ) : null}
      {actions}

      <nav aria-label="Contents" className="mb-8">
        <h2 className="mb-2 text-19">Contents</h2>
        <ul className="m-0 list-none p-0 text-16">
          {SECTIONS.map(([id, label]) => (
            <li key={id} className="mb-1">
              <AppLink href={`#${id}-heading`}>{label}</AppLink>
            </li>
          ))}
        </ul>
      </nav>

      <Section id="overview" title="Overview">
        {solution.description.split(/\n{2,}/).map((paragraph, i) => (
          <p key={i}>{paragraph}</p>
        ))}
        <SummaryList
          rows={[
            { key: "Solution ID", value: solution.id },
            { key: "Frameworks", value: solution.frameworks.map((f) => `${f.name}${f.expired ? " (expired)" : ""}`).join(", ") || "None" },
            ...(solution.aboutUrl ? [{ key: "More information", value: <AppLink href={solution.aboutUrl}>{solution.aboutUrl}</AppLink> }] : []),
          ]}
        />
        {solution.roadmap ? (
          <>
            <h3>Roadmap</h3>
            <p>{solution.roadmap}</p>
          </>
        ) : null}
      </Section>

      <Section id="features" title="Features">
        {solution.features.length > 0 ? (
          <ul className="nhsuk-list nhsuk-list--bullet">
            {solution.features.map((feature) => (
              <li key={feature}>{feature}</li>
            ))}
          </ul>
        ) : (
          <p>The supplier has not listed features.</p>
        )}
      </Section>

      <Section id="capabilities" title="Capabilities and epics">
        <p>
          {passed.length} {passed.length === 1 ? "capability" : "capabilities"} assessed as met. Epics are the user stories each capability is assessed on.
        </p>
        {solution.capabilities.map((capability) => (
          <div key={capability.id} className="mb-6">
            <h3 className="mb-2 text-19">
              <CapabilityBadge id={capability.id} name={capability.name} result={capability.result} />
            </h3>
            {capability.epics.length > 0 ? (
              <Table
                caption={`Epics for ${capability.id} ${capability.name}`}
                captionSize="m"
                className="[&_caption]:sr-only"
                head={[{ label: "Epic" }, { label: "Level" }, { label: "Result" }]}
                rows={capability.epics.map((e) => [`${e.id} ${e.name}`, LEVEL_WORDS[e.level] ?? e.level, EPIC_RESULT_WORDS[e.result] ?? e.result])}
              />
            ) : null}
          </div>
        ))}
      </Section>

      <Section id="standards" title="Standards and assurance">
        {solutionStandards.length > 0 ? (
          <Table caption="Standards this solution is assured against" head={[{ label: "Standard" }, { label: "Assurance" }]} rows={standardRows(solutionStandards)} />
        ) : (
          <p>No standards are recorded for this solution yet.</p>
        )}
        {supplierStandards.length > 0 ? (
          <Table caption={`${solution.supplier.name}'s supplier assurances`} head={[{ label: "Assurance" }, { label: "State" }]} rows={standardRows(supplierStandards)} />
        ) : null}
      </Section>

      <Section id="integrations" title="Integrations">
        {solution.integrations.length > 0 ? (
          <Table
            caption="Integrations"
            className="[&_caption]:sr-only"
            head={[{ label: "Integration" }, { label: "Type" }, { label: "Role" }, { label: "Details" }]}
            rows={solution.integrations.map((i) => [
              i.name,
              INTEGRATION_GROUP_LABELS[i.group as IntegrationGroupKey] ?? i.group,
              i.role === "PROVIDER" ? "Provider" : "Consumer",
              i.warning ? (
                <span key="details">
                  <Tag colour="red" className="mb-1">
                    {i.warning}
                  </Tag>
                  {i.description ? <span className="block">{i.description}</span> : null}
                </span>
              ) : (
                i.description ?? ""
              ),
            ])}
          />
        ) : (
          <p>This solution lists no IM1, GP Connect or NHS App integrations.</p>
        )}
      </Section>

      <Section id="hosting" title="Hosting and application types">
        <SummaryList
          rows={[
            ...solution.hostingTypes.map((h) => ({
              key: HOSTING_LABELS[h.type as HostingTypeKey] ?? h.type,
              value: `${h.summary ?? ""}${h.hscnRequired ? " An HSCN connection is required." : ""}`.trim(),
            })),
            ...solution.applicationTypes.map((a) => ({ key: APPLICATION_TYPE_LABELS[a.type as ApplicationTypeKey] ?? a.type, value: a.description ?? "" })),
          ]}
        />
      </Section>

      <Section id="prices" title="List prices">
        <p>Prices exclude VAT. Your organisation may agree a lower price with the supplier, never a higher one.</p>
        {solution.prices.length > 0 ? (
          solution.prices.map((price, i) => (
            <div key={price.id}>
              {solution.prices.length > 1 ? <h3 className="text-19">Price {i + 1}: {priceLabel(price)}</h3> : null}
              <PriceTable price={price} caption={`Price tiers ${priceLabel(price)}`} />
            </div>
          ))
        ) : (
          <p>No list price is published.</p>
        )}
      </Section>

      <Section id="services" title="Additional and Associated Services">
        {solution.additionalServices.length + solution.associatedServices.length === 0 ? <p>The supplier offers no other services with this solution.</p> : null}
        <Services title="Additional Services" services={solution.additionalServices} />
        <Services title="Associated Services" services={solution.associatedServices} />
      </Section>

      <Section id="implementation" title="Implementation">
        <p>{solution.implementationTimescales ?? "The supplier has not given implementation timescales."}</p>
      </Section>

      <Section id="service-levels" title="Service levels">
        <p>{solution.serviceLevels ?? "The supplier has not given service levels."}</p>
      </Section>

      <Section id="supplier" title="Supplier">
        <SummaryList
          rows={[
            { key: "Name", value: solution.supplier.name },
            ...(solution.supplier.summary ? [{ key: "About", value: solution.supplier.summary }] : []),
            ...(solution.supplier.website ? [{ key: "Website", value: <AppLink href={solution.supplier.website}>{solution.supplier.website}</AppLink> }] : []),
            ...(solution.supplier.contact
              ? [
                  {
                    key: "Contact",
                    value: (
                      <>
                        {solution.supplier.contact.name}
                        {solution.supplier.contact.department ? `, ${solution.supplier.contact.department}` : ""}
                        <br />
                        <AppLink href={`mailto:${solution.supplier.contact.email}`}>{solution.supplier.contact.email}</AppLink>
                        {solution.supplier.contact.phone ? (
                          <>
                            <br />
                            {solution.supplier.contact.phone}
                          </>
                        ) : null}
                      </>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Section>
    </>
  );
}
