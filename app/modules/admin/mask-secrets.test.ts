import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { maskSecrets } from "./mask-secrets";

describe("maskSecrets", () => {
  it("hides invitation tokens in links and leaves everything else as it was", () => {
    const token = randomBytes(32).toString("base64url");
    const text = `Accept your invitation: https://catalogue.example.nhs.uk/invitations/${token}\nOrder C010001-01, contract cmx63qmh70006q47dcx5sczk4.`;
    const masked = maskSecrets(text);
    expect(masked).not.toContain(token);
    expect(masked).toBe(`Accept your invitation: https://catalogue.example.nhs.uk/invitations/${token.slice(0, 4)}…[hidden]\nOrder C010001-01, contract cmx63qmh70006q47dcx5sczk4.`);
  });
});
