import { AppLink, WarningCallout } from "~/components/nhs";
import { ORDERABILITY_FIELD } from "~/modules/assurance/orderability";
import type { RefusalView } from "~/modules/contracts/alternatives.server";

/**
 * Why a Catalogue Solution cannot be ordered, in the rule's words, with assured alternatives:
 * each links to a new order that starts with it (signed-in buyers) or to its page.
 */
export function OrderabilityCallout({
  refusal,
  heading = `${refusal.solutionName} cannot be ordered`,
  orderLinks,
  headingLevel = 2,
}: {
  refusal: RefusalView;
  heading?: string;
  /** Link alternatives to a new order (a buyer) rather than to their pages. */
  orderLinks: boolean;
  headingLevel?: 2 | 3;
}) {
  return (
    <WarningCallout id={ORDERABILITY_FIELD} heading={heading} headingLevel={headingLevel}>
      {refusal.reasons.length === 1 ? (
        <p>{refusal.reasons[0]}</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {refusal.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <p>No new call-off order, renewal or amendment can be placed for it until this is put right.</p>
      {refusal.alternatives.length > 0 ? (
        <>
          <p className="mb-2 font-bold">Assured alternatives that cover the same capabilities:</p>
          <ul className="nhsuk-list">
            {refusal.alternatives.map((alternative) => (
              <li key={alternative.id}>
                {orderLinks ? (
                  <AppLink href={`/buyer/orders/new?solution=${encodeURIComponent(alternative.id)}`}>
                    Order {alternative.name} from {alternative.supplier} instead
                  </AppLink>
                ) : (
                  <AppLink href={`/solutions/${encodeURIComponent(alternative.id)}`}>
                    {alternative.name} from {alternative.supplier}
                  </AppLink>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>There is no assured alternative covering the same capabilities at the moment.</p>
      )}
    </WarningCallout>
  );
}
