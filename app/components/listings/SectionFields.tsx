import { Checkboxes, Details, Fieldset, TextInput, Textarea } from "~/components/nhs";
import {
  APPLICATION_TYPE_LABELS,
  HOSTING_TYPE_LABELS,
  LIMITS,
  type ApplicationTypeKey,
  type Form,
  type HostingTypeKey,
  type SectionKey,
} from "~/modules/listings/content";

/** The reference lists a section page offers (serialised from the loader). */
export type SectionChoices = {
  capabilities: { id: string; name: string; category: { name: string }; epics: { id: string; name: string; level: string }[] }[];
  integrationTypes: { id: string; name: string; group: string }[];
  frameworks: { id: string; name: string }[];
};

type Props = { section: SectionKey; values: Form; errors: Record<string, string | undefined>; choices: SectionChoices };

const one = (values: Form, name: string) => {
  const value = values[name];
  return Array.isArray(value) ? value[0] ?? "" : value ?? "";
};
const many = (values: Form, name: string) => {
  const value = values[name];
  return Array.isArray(value) ? value : value ? [value] : [];
};

/**
 * The fields of one task-list section. Every field is there without JavaScript (ten feature
 * boxes, a description box beside each choice), so the page works as a plain form post.
 */
export function SectionFields({ section, values, errors, choices }: Props) {
  switch (section) {
    case "details":
      return (
        <>
          <TextInput id="name" name="name" label="Name" hint="As buyers will see it in search results." defaultValue={one(values, "name")} error={errors.name} />
          <Textarea id="summary" name="summary" label="Summary" hint="A short description shown in search results." maxLength={LIMITS.summary} rows={4} defaultValue={one(values, "summary")} error={errors.summary} />
          <Textarea id="description" name="description" label="Full description" maxLength={LIMITS.description} rows={10} defaultValue={one(values, "description")} error={errors.description} />
          <TextInput id="aboutUrl" name="aboutUrl" type="url" label="Web page about it (optional)" hint="For example, https://www.example.com/product" defaultValue={one(values, "aboutUrl")} error={errors.aboutUrl} spellCheck={false} />
        </>
      );
    case "features":
      return (
        <Fieldset legend="Features" legendSize="m" describedBy="features-hint">
          <p id="features-hint" className="text-text-secondary">
            Up to {LIMITS.features} features, each up to {LIMITS.feature} characters. Leave the boxes you do not need empty.
          </p>
          {Array.from({ length: LIMITS.features }, (_, i) => (
            <TextInput key={i} id={`feature-${i + 1}`} name={`feature-${i + 1}`} label={`Feature ${i + 1}`} defaultValue={one(values, `feature-${i + 1}`)} error={errors[`feature-${i + 1}`]} />
          ))}
        </Fieldset>
      );
    case "capabilities": {
      const chosen = many(values, "epics");
      const categories = [...new Set(choices.capabilities.map((c) => c.category.name))];
      return (
        <Fieldset legend="Which epics does it meet?" legendSize="m" describedBy="epics-hint">
          <p id="epics-hint" className="text-text-secondary">
            You claim a capability by ticking the epics you meet. Meeting every MUST epic claims it in full (Passed - Full); otherwise it is Passed - Partial.
            Commercial staff check your claim when they review the revision.
          </p>
          {errors.epics ? (
            <p id="epics" className="font-bold text-red" tabIndex={-1}>
              <span className="sr-only">Error: </span>
              {errors.epics}
            </p>
          ) : (
            <span id="epics" />
          )}
          {categories.map((category) => (
            <div key={category}>
              <h2 className="text-22">{category}</h2>
              {choices.capabilities
                .filter((c) => c.category.name === category && c.epics.length > 0)
                .map((capability) => {
                  const claimed = capability.epics.some((e) => chosen.includes(e.id));
                  return (
                    <Details key={capability.id} summary={`${capability.id} ${capability.name}${claimed ? " (claimed)" : ""}`}>
                      <Checkboxes
                        id={`epics-${capability.id}`}
                        name="epics"
                        label={`Epics of ${capability.id} ${capability.name}`}
                        items={capability.epics.map((e) => ({ value: e.id, label: `${e.id} ${e.name} (${e.level})` }))}
                        defaultValue={chosen}
                      />
                    </Details>
                  );
                })}
            </div>
          ))}
        </Fieldset>
      );
    }
    case "integrations": {
      const chosen = many(values, "integrations");
      return (
        <Fieldset legend="Integrations" legendSize="m" describedBy="integrations-hint">
          <p id="integrations-hint" className="text-text-secondary">
            Tick whether your solution provides or consumes each integration it supports, and describe how (optional).
          </p>
          {errors.integrations ? <p className="font-bold text-red">{errors.integrations}</p> : null}
          <span id="integrations" />
          {choices.integrationTypes.map((type) => (
            <div key={type.id} className="mb-6 border-b border-grey-4 pb-2">
              <Checkboxes
                id={`integration-role-${type.id}`}
                name="integrations"
                label={type.name}
                items={[
                  { value: `${type.id}:PROVIDER`, label: "Provider" },
                  { value: `${type.id}:CONSUMER`, label: "Consumer" },
                ]}
                defaultValue={chosen}
              />
              <TextInput id={`integration-${type.id}`} name={`integration-${type.id}`} label={`How it works with ${type.name} (optional)`} defaultValue={one(values, `integration-${type.id}`)} error={errors[`integration-${type.id}`]} />
            </div>
          ))}
        </Fieldset>
      );
    }
    case "hosting":
      return (
        <>
          <Checkboxes
            id="hostingTypes"
            name="hostingTypes"
            label="How is it hosted?"
            labelSize="m"
            hint="Select all that apply, and describe each one you select."
            items={(Object.keys(HOSTING_TYPE_LABELS) as HostingTypeKey[]).map((key) => ({ value: key, label: HOSTING_TYPE_LABELS[key] }))}
            defaultValue={many(values, "hostingTypes")}
            error={errors.hostingTypes}
          />
          {(Object.keys(HOSTING_TYPE_LABELS) as HostingTypeKey[]).map((key) => (
            <div key={key} className="mb-6 border-l-4 border-grey-4 pl-4">
              <Textarea id={`hosting-${key}`} name={`hosting-${key}`} label={`${HOSTING_TYPE_LABELS[key]}: how it is hosted`} hint="Only if you selected it above." rows={3} maxLength={LIMITS.shortText} defaultValue={one(values, `hosting-${key}`)} error={errors[`hosting-${key}`]} />
              <Checkboxes id={`hscn-${key}`} name="hscnRequired" label={`${HOSTING_TYPE_LABELS[key]}: connection`} items={[{ value: key, label: "An HSCN connection is required" }]} defaultValue={many(values, "hscnRequired")} />
            </div>
          ))}
        </>
      );
    case "applications":
      return (
        <>
          <Checkboxes
            id="applicationTypes"
            name="applicationTypes"
            label="How do people use it?"
            labelSize="m"
            hint="Select all that apply, and say which browsers, devices or operating systems are supported."
            items={(Object.keys(APPLICATION_TYPE_LABELS) as ApplicationTypeKey[]).map((key) => ({ value: key, label: APPLICATION_TYPE_LABELS[key] }))}
            defaultValue={many(values, "applicationTypes")}
            error={errors.applicationTypes}
          />
          {(Object.keys(APPLICATION_TYPE_LABELS) as ApplicationTypeKey[]).map((key) => (
            <Textarea key={key} id={`application-${key}`} name={`application-${key}`} label={`${APPLICATION_TYPE_LABELS[key]}: what is supported`} hint="Only if you selected it above." rows={3} maxLength={LIMITS.shortText} defaultValue={one(values, `application-${key}`)} error={errors[`application-${key}`]} />
          ))}
        </>
      );
    case "implementation":
      return <Textarea id="implementationTimescales" name="implementationTimescales" label="Implementation timescales" labelSize="m" hint="How long it usually takes a practice to go live, and what the practice needs to do." maxLength={LIMITS.longText} rows={6} defaultValue={one(values, "implementationTimescales")} error={errors.implementationTimescales} />;
    case "serviceLevels":
      return <Textarea id="serviceLevels" name="serviceLevels" label="Service levels (optional)" labelSize="m" hint="Availability, support hours and response times." maxLength={LIMITS.longText} rows={6} defaultValue={one(values, "serviceLevels")} error={errors.serviceLevels} />;
    case "roadmap":
      return <Textarea id="roadmap" name="roadmap" label="Roadmap (optional)" labelSize="m" hint="What is planned in the next 12 months." maxLength={LIMITS.longText} rows={6} defaultValue={one(values, "roadmap")} error={errors.roadmap} />;
    case "orderGuidance":
      return <Textarea id="orderGuidance" name="orderGuidance" label="Ordering guidance" labelSize="m" hint="What buyers should know when they order it, such as how quantities work." maxLength={LIMITS.longText} rows={6} defaultValue={one(values, "orderGuidance")} error={errors.orderGuidance} />;
    case "contacts":
      return (
        <>
          {Array.from({ length: LIMITS.contacts }, (_, i) => {
            const n = i + 1;
            return (
              <Fieldset key={n} legend={`Contact ${n}${n > 1 ? " (optional)" : ""}`} legendSize="m" className="mb-8">
                <TextInput id={`contact-${n}-name`} name={`contact-${n}-name`} label="Full name" defaultValue={one(values, `contact-${n}-name`)} error={errors[`contact-${n}-name`]} autoComplete="off" />
                <TextInput id={`contact-${n}-email`} name={`contact-${n}-email`} type="email" label="Email address" defaultValue={one(values, `contact-${n}-email`)} error={errors[`contact-${n}-email`]} spellCheck={false} autoComplete="off" />
                <TextInput id={`contact-${n}-phone`} name={`contact-${n}-phone`} type="tel" label="Phone number (optional)" width={20} defaultValue={one(values, `contact-${n}-phone`)} error={errors[`contact-${n}-phone`]} autoComplete="off" />
                <TextInput id={`contact-${n}-department`} name={`contact-${n}-department`} label="Department (optional)" defaultValue={one(values, `contact-${n}-department`)} error={errors[`contact-${n}-department`]} />
              </Fieldset>
            );
          })}
        </>
      );
    case "frameworks":
      return (
        <Checkboxes
          id="frameworks"
          name="frameworks"
          label="Which frameworks is it on?"
          labelSize="m"
          hint="Only frameworks open to listings are shown."
          items={choices.frameworks.map((f) => ({ value: f.id, label: f.name }))}
          defaultValue={many(values, "frameworks")}
          error={errors.frameworks}
        />
      );
    case "prices":
      return null;
  }
}
