/** A constant response through the same stack (Express, headers, Remix): the benchmark's baseline. */
export function loader() {
  return new Response("ok\n", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
