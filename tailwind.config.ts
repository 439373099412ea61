import type { Config } from "tailwindcss";

// NHS.UK design language (DESIGN.md §5): Tailwind's palette is replaced, not extended,
// so nothing off-brand can slip in through a default colour.
export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    colors: {
      transparent: "transparent",
      current: "currentColor",
      white: "#ffffff",
      black: "#000000",
      blue: { DEFAULT: "#005eb8", dark: "#003087", bright: "#0072ce", light: "#41b6e6", pale: "#e8edee" },
      text: { DEFAULT: "#212b32", secondary: "#4c6272" },
      grey: { 1: "#4c6272", 2: "#768692", 3: "#aeb7bd", 4: "#d8dde0", 5: "#f0f4f5" },
      green: { DEFAULT: "#007f3b", dark: "#00401e", pale: "#cce5d8" },
      red: { DEFAULT: "#d5281b", dark: "#8a1538", pale: "#f7d4d1" },
      yellow: { DEFAULT: "#ffeb3b", warm: "#ffb81c", pale: "#fff9c4" },
      purple: { DEFAULT: "#330072" },
      aqua: { DEFAULT: "#00a499", pale: "#ccedeb" },
      focus: "#ffeb3b",
      link: { DEFAULT: "#005eb8", hover: "#7c2855", visited: "#330072", active: "#002f5c" },
    },
    screens: { tablet: "641px", desktop: "769px", large: "990px" },
    fontFamily: { sans: ["Frutiger W01", "Arial", "sans-serif"] },
    fontSize: {
      // NHS type scale (small screens / large screens via responsive prefixes).
      14: ["0.875rem", { lineHeight: "1.25rem" }],
      16: ["1rem", { lineHeight: "1.5rem" }],
      19: ["1.1875rem", { lineHeight: "1.75rem" }],
      22: ["1.375rem", { lineHeight: "1.875rem" }],
      26: ["1.625rem", { lineHeight: "2rem" }],
      32: ["2rem", { lineHeight: "2.5rem" }],
      36: ["2.25rem", { lineHeight: "2.625rem" }],
      48: ["3rem", { lineHeight: "3.5rem" }],
    },
    extend: {
      maxWidth: { page: "960px" },
      borderWidth: { 3: "3px", 6: "6px", 10: "10px" },
    },
  },
  plugins: [],
} satisfies Config;
