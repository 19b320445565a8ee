import { createContext, useContext } from "react";

// The CSP nonce reaches the document's scripts through React context on the
// server only; it is never serialised into loader data.
export const NonceContext = createContext("");
export const useNonce = () => useContext(NonceContext);
