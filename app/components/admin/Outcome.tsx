import { ErrorSummary, NotificationBanner } from "~/components/nhs";
import type { ErrorSummaryProps } from "~/components/nhs/ErrorSummary";

/**
 * What the last action on a console page came to: the error summary when the post was refused,
 * otherwise the success banner for `?done=` after the redirect. Never both: two alert regions
 * at once would be read out together.
 */
export function Outcome({ errors, done, messages }: { errors?: ErrorSummaryProps["errors"]; done: string | null; messages: Record<string, string> }) {
  if (errors?.length) return <ErrorSummary errors={errors} />;
  if (done && messages[done]) {
    return (
      <NotificationBanner type="success">
        <p>{messages[done]}</p>
      </NotificationBanner>
    );
  }
  return null;
}
