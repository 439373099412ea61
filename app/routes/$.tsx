/**
 * Any URL no other route matches. Throwing from the loader gives a real 404 status and
 * the root error boundary's "Page not found" page.
 */
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

// A default export keeps this a page route: without one Remix would treat it as a resource
// route and send the plain-text response instead of the error page. It never renders.
export default function NotFound() {
  return null;
}
