import { Form } from "@remix-run/react";
import { Button, Checkboxes, Details } from "~/components/nhs";
import { CSV_HEADER, CSV_MAX_ROWS } from "~/modules/orders/recipients-csv";
import { useCsrfToken } from "~/root";
import { FileUpload } from "./FileUpload";

export type PracticeGroup = { id: string; name: string; practices: { value: string; label: string; hint?: string }[] };

/** An ICB's practices as checkboxes, one group per sub-ICB location (an order's or a competition's service recipients). */
export function PracticeCheckboxes({ groups, selected, error }: { groups: PracticeGroup[]; selected: readonly string[]; error?: string }) {
  return (
    <>
      {groups.map((group, index) => (
        <Checkboxes
          // Keyed by the selection so an upload's result re-renders the boxes ticked (they are uncontrolled).
          key={`${group.id}:${selected.join(",")}`}
          id={index === 0 ? "recipients" : `recipients-${group.id}`}
          name="recipients"
          label={group.name}
          labelSize="m"
          items={group.practices}
          defaultValue={selected}
          error={index === 0 ? error : undefined}
        />
      ))}
    </>
  );
}

/** The recipients CSV upload: its own multipart form, posted to the same page. */
export function RecipientsUpload({ error }: { error?: string }) {
  const csrf = useCsrfToken();
  return (
    <div className="desktop:w-2/3">
      <h2>Or upload a CSV file of ODS codes</h2>
      <Details summary="What the file must contain">
        <p>
          A CSV file with one column headed &quot;{CSV_HEADER}&quot; and one GP practice ODS code per row, like A81001. Up to {CSV_MAX_ROWS.toLocaleString("en-GB")} rows and 1
          MB. Every practice must be in your ICB. The file replaces the practices selected above.
        </p>
      </Details>
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <FileUpload id="csv" name="csv" label="Upload a CSV file" labelSize="s" accept=".csv,text/csv" error={error} />
        <Button variant="secondary" preventDoubleClick>
          Upload file
        </Button>
      </Form>
    </div>
  );
}
