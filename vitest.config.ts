import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The same aliases as tsconfig.json's "paths".
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "~generated": fileURLToPath(new URL("./generated", import.meta.url)),
    },
  },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "seed/**/*.test.ts", "scripts/**/*.test.ts"],
    // Starts one throwaway PostgreSQL for the files that call useTestDatabase (app/test/database.ts).
    globalSetup: ["app/test/global-setup.ts"],
    // Each file in its own process: Prisma clients, pg pools and module registries never leak between files.
    pool: "forks",
    testTimeout: 30_000,
    // Creating a test database may wait for the server and migrations the first time.
    hookTimeout: 120_000,
  },
});
