import { AppLink } from "./AppLink";
import { NhsLogo } from "./NhsLogo";
import { cx } from "./cx";

export interface HeaderActor {
  name: string;
  organisationName: string;
  roleLabel: string;
}

export interface NavigationItem {
  href: string;
  label: string;
  current?: boolean;
}

export interface HeaderProps {
  /** The signed-in person, or null for a visitor. */
  actor: HeaderActor | null;
  navigation: NavigationItem[];
  /** Sent with "Log out", which changes state and so is a POST like every other form. */
  csrfToken: string;
}

const headerLinkClass = "inline-flex items-center text-white";

export function Header({ actor, navigation, csrfToken }: HeaderProps) {
  return (
    <header className="bg-blue text-white">
      <div className="mx-auto flex max-w-page flex-wrap items-center justify-between gap-x-6 gap-y-3 px-4 py-4 tablet:py-5">
        <AppLink href="/" className={cx(headerLinkClass, "min-h-6 gap-3 no-underline hover:underline")}>
          <NhsLogo />
          <span className="text-19 font-bold tablet:text-22">Buying Catalogue</span>
        </AppLink>
        <nav aria-label="Account" className="text-16">
          <ul className="m-0 flex list-none flex-wrap items-center gap-x-6 gap-y-2 p-0">
            {actor ? (
              <>
                <li>
                  <span className="block font-bold">{actor.name}</span>
                  <span className="block text-14 tablet:text-16">
                    {actor.organisationName} ({actor.roleLabel})
                  </span>
                </li>
                <li>
                  <AppLink href="/account" className={cx(headerLinkClass, "min-h-6 hover:no-underline")}>
                    Your account
                  </AppLink>
                </li>
                <li>
                  {/* A plain form: logging out reloads the whole document and drops client state. */}
                  <form method="post" action="/logout" className="m-0">
                    <input type="hidden" name="csrf" value={csrfToken} />
                    <button
                      type="submit"
                      className="min-h-6 cursor-pointer border-0 bg-transparent p-0 text-white underline underline-offset-[0.15em] hover:no-underline focus-visible:bg-focus focus-visible:text-text focus-visible:no-underline focus-visible:shadow-[0_-2px_#ffeb3b,0_4px_#212b32] focus-visible:outline-none"
                    >
                      Log out
                    </button>
                  </form>
                </li>
              </>
            ) : (
              <li>
                <AppLink href="/login" className={cx(headerLinkClass, "min-h-6 hover:no-underline")}>
                  Log in
                </AppLink>
              </li>
            )}
          </ul>
        </nav>
      </div>
      {navigation.length > 0 ? (
        <nav aria-label="Primary navigation" className="border-t border-white/20">
          <ul className="mx-auto flex max-w-page list-none flex-wrap gap-x-6 px-4 py-0 text-16">
            {navigation.map((item) => (
              <li key={item.href}>
                <AppLink
                  href={item.href}
                  aria-current={item.current ? "page" : undefined}
                  className={cx(
                    headerLinkClass,
                    "min-h-11 border-b-4 font-bold no-underline hover:underline",
                    item.current ? "border-white" : "border-transparent",
                  )}
                >
                  {item.label}
                </AppLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
