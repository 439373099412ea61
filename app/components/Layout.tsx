import type { ReactNode } from "react";
import { Footer, Header, SkipLink, type HeaderProps } from "./nhs";

export interface PageLayoutProps extends HeaderProps {
  /** A PhaseBanner, under the header. */
  phaseBanner?: ReactNode;
  /** Breadcrumbs or a BackLink: above `<main>`, inside the page width. */
  beforeContent?: ReactNode;
  children: ReactNode;
}

export function PageLayout({ actor, navigation, csrfToken, phaseBanner, beforeContent, children }: PageLayoutProps) {
  return (
    <div className="flex min-h-screen flex-col">
      <SkipLink />
      <Header actor={actor} navigation={navigation} csrfToken={csrfToken} />
      {phaseBanner}
      <div className="mx-auto w-full max-w-page flex-1 px-4">
        {beforeContent}
        {/* tabIndex -1: the skip link moves focus here without a visible ring around the page. */}
        <main id="maincontent" tabIndex={-1} className="pb-10 pt-6 focus:outline-none tablet:pb-16 tablet:pt-10">
          {children}
        </main>
      </div>
      <Footer />
    </div>
  );
}
