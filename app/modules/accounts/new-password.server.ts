import { z } from "zod";
import { NEW_PASSWORD_MIN } from "./password-rules";

export { NEW_PASSWORD_MIN };

/**
 * The one rule for a new password, wherever it is chosen (accepting an invitation, a
 * forgotten-password link, "Change your password"): 12 to 200 characters, typed twice.
 * Length is what makes a password strong (NCSC guidance); composition rules are not added.
 */
export const newPasswordFields = {
  password: z
    .string({ error: "Enter a new password" })
    .min(NEW_PASSWORD_MIN, `Password must be at least ${NEW_PASSWORD_MIN} characters`)
    .max(200, "Password must be 200 characters or fewer"),
  confirmPassword: z.string({ error: "Enter the same password twice" }),
};

/** `shape`'s fields and the new password, refused unless both copies match. */
export function withNewPassword<Shape extends z.ZodRawShape>(shape: Shape) {
  return z
    .object({ ...shape, ...newPasswordFields })
    .refine((v) => (v as { password: string }).password === (v as { confirmPassword: string }).confirmPassword, { message: "Enter the same password twice", path: ["confirmPassword"] });
}
