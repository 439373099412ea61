/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  tailwind: true,
  postcss: false,
  // Prisma's generated client and pg-boss are server-only; bundling them keeps one
  // module graph for the generated client (it imports from ../generated/prisma).
  serverDependenciesToBundle: [/^generated\//],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    // Single fetch stays off: classic loaders keep status codes and headers explicit.
    v3_singleFetch: false,
  },
};
