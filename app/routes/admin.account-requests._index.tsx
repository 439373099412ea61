import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { AccountRequests } from "~/components/users/AccountRequests";
import { accountRequestsAction, accountRequestsLoader } from "~/modules/accounts/account-requests-page.server";

export const handle = { title: "Account requests" };

export const loader = ({ request }: LoaderFunctionArgs) => accountRequestsLoader(request);
export const action = ({ request }: ActionFunctionArgs) => accountRequestsAction(request, "/admin/account-requests");

export default AccountRequests;
