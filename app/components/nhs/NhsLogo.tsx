/** The NHS lozenge as it appears on the blue header: a white box with blue letters. */
export function NhsLogo() {
  return (
    <svg role="img" aria-label="NHS" focusable="false" viewBox="0 0 80 32" className="h-8 w-20 shrink-0 tablet:h-10 tablet:w-[100px]">
      <rect width="80" height="32" className="fill-white" />
      <text
        x="40"
        y="25.5"
        textAnchor="middle"
        fontFamily="Arial, sans-serif"
        fontSize="26"
        fontStyle="italic"
        fontWeight="bold"
        className="fill-blue"
      >
        NHS
      </text>
    </svg>
  );
}
