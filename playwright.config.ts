import { defineConfig } from "@playwright/test";
import { e2e } from "./playwright/support/e2e-env";

// Debian's Chromium: Playwright cannot download its own browser here (DESIGN.md §3).
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"],
};

export default defineConfig({
  testDir: "playwright",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"], ["json", { outputFile: ".cache/playwright-results.json" }]],
  use: { baseURL: e2e.baseURL, launchOptions: chromium, trace: "retain-on-failure" },
  projects: [
    { name: "chromium" },
    // Every journey again with JavaScript switched off: forms post, filters are GET links.
    { name: "no-javascript", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: "node --import tsx server.ts",
    url: `${e2e.baseURL}/healthz`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      // Production mode fails closed, so the test server asks for the embedded database,
      // migrations on boot and its own address as a demo does.
      NODE_ENV: "production",
      EMBEDDED_DATABASE: "true",
      AUTO_MIGRATE: "true",
      APP_URL: e2e.baseURL,
      PORT: String(e2e.port),
      DATA_DIR: e2e.dataDir!,
      EMBEDDED_PG_PORT: String(e2e.pgPort),
      EMBEDDED_PG_EPHEMERAL: "true",
      SEED_DEMO: "true",
      SESSION_SECRET: e2e.sessionSecret!,
      DATABASE_URL: "",
    },
  },
});
