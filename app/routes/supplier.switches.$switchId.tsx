import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { BackLink, NotificationBanner } from "~/components/nhs";
import { SwitchPlan } from "~/components/switching/SwitchPlan";
import { switchPlanAction, switchPlanLoader } from "~/modules/switching/pages.server";

export const handle = { title: "Switching plan" };

export const loader = ({ request, params }: LoaderFunctionArgs) => switchPlanLoader(request, params.switchId);
export const action = ({ request, params }: ActionFunctionArgs) => switchPlanAction(request, params.switchId);

export default function SupplierSwitchPlan() {
  const { plan } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <BackLink href="/supplier/switches">Back to switching</BackLink>
      {searchParams.get("done") ? (
        <NotificationBanner type="success">
          <p>Your task is marked as done, and the next party has been told.</p>
        </NotificationBanner>
      ) : null}
      <SwitchPlan plan={plan} errors={actionData?.errors} />
    </>
  );
}
