import { RESET_LINK_MINUTES } from "~/modules/accounts/reset-token";

export const handle = { title: "Check your email" };

export default function CheckYourEmail() {
  return (
    <div className="desktop:w-2/3">
      <h1>Check your email</h1>
      <p>
        If the address you entered has a Buying Catalogue account, we have sent it a link to choose a new password. The link works once and for{" "}
        {RESET_LINK_MINUTES} minutes.
      </p>
      <p>If no email arrives within a few minutes, check your junk folder and that you entered the address your organisation registered.</p>
      <p>
        <a href="/forgotten-password">Ask for another link</a> or <a href="/login">return to log in</a>.
      </p>
    </div>
  );
}
