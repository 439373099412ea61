import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ColleaguesPage } from "~/components/users/ColleaguesPage";
import { colleaguesAction, colleaguesLoader } from "~/modules/users/colleagues-page.server";

export const handle = { title: "Colleagues" };

export const loader = ({ request }: LoaderFunctionArgs) => colleaguesLoader(request);

export const action = ({ request }: ActionFunctionArgs) => colleaguesAction(request, "/buyer/users");

export default ColleaguesPage;
