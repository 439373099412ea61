import { createCookie } from "@remix-run/node";
import { env } from "~/utils/env.server";
import { MAX_COMPARE } from "./compare";

/**
 * The solutions a person has picked to compare, across pages: "Add to compare" on a
 * solution page works without JavaScript by posting here. Only public ids, so unsigned;
 * read back through a strict pattern.
 */
const basketCookie = createCookie("compare_basket", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: env().SECURE_COOKIES !== "false",
  maxAge: 60 * 60 * 24 * 30,
});

const isId = (value: unknown): value is string => typeof value === "string" && /^[A-Za-z0-9-]{1,40}$/.test(value);

export async function readBasket(request: Request): Promise<string[]> {
  const value = await basketCookie.parse(request.headers.get("Cookie")).catch(() => null);
  return Array.isArray(value) ? [...new Set(value.filter(isId))].slice(0, MAX_COMPARE) : [];
}

export function writeBasket(ids: string[]): Promise<string> {
  return basketCookie.serialize(ids.slice(0, MAX_COMPARE));
}

/** Adds an id at the end; when the basket is full the oldest choice makes room. */
export function addToBasket(basket: string[], id: string): string[] {
  const without = basket.filter((existing) => existing !== id);
  return [...without, id].slice(-MAX_COMPARE);
}
