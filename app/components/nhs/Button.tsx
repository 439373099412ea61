import type { ButtonHTMLAttributes } from "react";
import { AppLink, type AppLinkProps } from "./AppLink";
import { cx } from "./cx";

export type ButtonVariant = "primary" | "secondary" | "reverse" | "warning";

const variantClass: Record<ButtonVariant, string | undefined> = {
  primary: undefined,
  secondary: "nhsuk-button--secondary",
  reverse: "nhsuk-button--reverse",
  warning: "nhsuk-button--warning",
};

const buttonClass = (variant: ButtonVariant, className?: string) =>
  cx("nhsuk-button", variantClass[variant], className);

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Marks the button for the double-click guard script; harmless without JavaScript. */
  preventDoubleClick?: boolean;
}

export function Button({ variant = "primary", preventDoubleClick, className, type = "submit", ...buttonProps }: ButtonProps) {
  return (
    <button
      {...buttonProps}
      type={type}
      data-prevent-double-click={preventDoubleClick ? "true" : undefined}
      className={buttonClass(variant, className)}
    />
  );
}

export interface ButtonLinkProps extends AppLinkProps {
  variant?: ButtonVariant;
}

/** A link that looks like a button, for a call to action that goes to another page. */
export function ButtonLink({ variant = "primary", className, ...linkProps }: ButtonLinkProps) {
  return <AppLink {...linkProps} draggable={false} className={buttonClass(variant, className)} />;
}
