import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this response, for the inline scripts Remix renders. The
 * server provides it (entry.server); in the browser it is empty, since browsers hide nonces from
 * the page once the scripts have run.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce() {
  return useContext(NonceContext);
}
