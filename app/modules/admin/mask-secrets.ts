/**
 * Links in emails can carry secrets: an invitation link is a password-setting key for
 * whoever holds it (and a password-reset link would be too). The staff mailbox shows what
 * people were told, never those keys: any run of 32 or more URL-safe token characters (the
 * app's tokens are 43; ids such as cuids are shorter) is shown as its first 4 characters and
 * a mark. The stored email, and the one sent, are untouched.
 */
const TOKEN = /[A-Za-z0-9_-]{32,}/g;

export function maskSecrets(text: string): string {
  return text.replace(TOKEN, (token) => `${token.slice(0, 4)}…[hidden]`);
}
