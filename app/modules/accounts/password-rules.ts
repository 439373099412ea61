/**
 * The length a new password needs, for the server's rule (new-password.server.ts) and the
 * pages' hint alike. A plain module: a value imported from a `.server` module is undefined in
 * the browser, where the hint read "At least undefined characters" once the page hydrated.
 */
export const NEW_PASSWORD_MIN = 12;

export const NEW_PASSWORD_HINT = `At least ${NEW_PASSWORD_MIN} characters. A few unrelated words make a strong password you can remember.`;
