import { TextInput } from "~/components/nhs";
import { NEW_PASSWORD_HINT } from "~/modules/accounts/password-rules";

/**
 * A new password typed twice, wherever one is chosen: accepting an invitation, a
 * forgotten-password link, "Change your password" (the rule: new-password.server.ts).
 */
export function NewPasswordFields({
  fieldErrors,
  labels = { password: "New password", confirm: "Confirm your new password" },
}: {
  fieldErrors: Record<string, string | undefined>;
  labels?: { password: string; confirm: string };
}) {
  return (
    <>
      <TextInput id="password" name="password" type="password" label={labels.password} hint={NEW_PASSWORD_HINT} autoComplete="new-password" error={fieldErrors.password} />
      <TextInput id="confirmPassword" name="confirmPassword" type="password" label={labels.confirm} autoComplete="new-password" error={fieldErrors.confirmPassword} />
    </>
  );
}
