import { createContext, useContext } from "react";

// The CSP nonce generated per request in server.ts, handed to every inline script Remix renders.
export const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
