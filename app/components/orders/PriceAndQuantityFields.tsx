import { Fieldset, TextInput } from "~/components/nhs";

export type AgreedPriceBox = { name: string; tier: string | null; listPrice: string; value: string };
export type QuantityBox = { name: string; label: string; value: string; hint?: string };

/**
 * The agreed price boxes (one for a flat price, one per tier) and the quantity boxes (one per
 * service recipient for a per-patient price, or for quantities carried over per recipient):
 * an order item's and a competition solution's.
 */
export function PriceAndQuantityFields({
  agreedPrices,
  quantities,
  perPatient,
  value,
  errors,
  priceHint = "The price you agreed with the supplier",
}: {
  agreedPrices: AgreedPriceBox[];
  quantities: QuantityBox[];
  perPatient: boolean;
  /** The answer to show: as posted when the page comes back with errors, else the saved one. */
  value: (name: string, saved: string) => string;
  errors: Record<string, string | undefined>;
  priceHint?: string;
}) {
  // A whole-item price carried over from a contract can hold its quantities per recipient too.
  const perRecipient = perPatient || quantities.some((q) => q.name !== "quantity");
  return (
    <>
      {agreedPrices.length === 1 ? (
        <TextInput
          id="agreedPrice"
          name="agreedPrice"
          label="Agreed price (£)"
          labelSize="m"
          hint={`${priceHint}, up to 4 decimal places. It cannot be more than the list price, ${agreedPrices[0].listPrice}.`}
          inputMode="decimal"
          width={10}
          defaultValue={value("agreedPrice", agreedPrices[0].value)}
          error={errors.agreedPrice}
        />
      ) : (
        <Fieldset legend="Agreed price for each tier (£)" legendSize="m">
          <p className="text-text-secondary">{priceHint} for each tier, up to 4 decimal places. None can be more than its tier&apos;s list price.</p>
          {agreedPrices.map((tier) => (
            <TextInput
              key={tier.name}
              id={tier.name}
              name={tier.name}
              label={`Agreed price for ${tier.tier}`}
              hint={`List price ${tier.listPrice}`}
              inputMode="decimal"
              width={10}
              defaultValue={value(tier.name, tier.value)}
              error={errors[tier.name]}
            />
          ))}
        </Fieldset>
      )}
      <Fieldset legend={perRecipient ? "Quantity for each service recipient" : "Quantity"} legendSize="m">
        {perPatient ? <p className="text-text-secondary">This price is per patient, so each practice&apos;s quantity starts as its practice list size. Change it if you need to.</p> : null}
        {perRecipient && !perPatient ? <p className="text-text-secondary">The quantities were carried over from the contract for each service recipient. Change them if you need to.</p> : null}
        {quantities.map((q) => (
          <TextInput key={q.name} id={q.name} name={q.name} label={q.label} hint={q.hint} inputMode="numeric" width={10} defaultValue={value(q.name, q.value)} error={errors[q.name]} />
        ))}
      </Fieldset>
    </>
  );
}
