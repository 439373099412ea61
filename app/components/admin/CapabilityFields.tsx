import { Checkboxes, Radios, Select, Textarea, TextInput } from "~/components/nhs";
import { REFERENCE_STATUSES } from "~/modules/admin/reference-values";
import { REFERENCE_LABELS } from "./labels";

type Choice = { id: string; name: string };
type CapabilityValues = { name?: string; description?: string; categoryId?: string; status?: string; frameworkIds: readonly string[] };

const STATUS_ITEMS = REFERENCE_STATUSES.map((s) => ({ value: s, label: REFERENCE_LABELS[s].text }));

/** The fields of a capability, the same when adding one and when editing it. */
export function CapabilityFields({
  values,
  errors,
  categories,
  frameworks,
}: {
  values: CapabilityValues;
  errors: Record<string, string | undefined>;
  categories: Choice[];
  frameworks: (Choice & { shortName: string })[];
}) {
  return (
    <>
      <TextInput id="name" name="name" label="Name" labelSize="s" defaultValue={values.name} error={errors.name} />
      <Textarea id="description" name="description" label="Description" labelSize="s" maxLength={2000} defaultValue={values.description} error={errors.description} />
      <Select id="categoryId" name="categoryId" label="Category" labelSize="s" emptyOption="Choose a category" defaultValue={values.categoryId ?? ""} error={errors.categoryId} options={categories.map((c) => ({ value: c.id, label: c.name }))} />
      <Radios id="status" name="status" label="Status" labelSize="s" inline hint="Expired capabilities can no longer be claimed on a listing." defaultValue={values.status} error={errors.status} items={STATUS_ITEMS} />
      <Checkboxes
        id="frameworkIds"
        name="frameworkIds"
        label="Frameworks that use it"
        labelSize="s"
        defaultValue={values.frameworkIds}
        error={errors.frameworkIds}
        items={frameworks.map((f) => ({ value: f.id, label: `${f.name} (${f.shortName})` }))}
      />
    </>
  );
}
