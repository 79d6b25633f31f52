import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";

/**
 * The security headers, by helmet. Scripts run only from this origin or with this response's
 * nonce (Remix's inline hydration scripts carry it); styles may be inline (React style props);
 * images only from this origin or data: URLs, so an image in a policy's Markdown cannot call a
 * tracker; no framing; HSTS in production only, where the app is served over HTTPS.
 */
export function securityHeaders({ production }: { production: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req: IncomingMessage, res: ServerResponse) => `'nonce-${nonceOf(res)}'`],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: production ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
  });
}

function nonceOf(res: ServerResponse): string {
  const locals: unknown = "locals" in res ? res.locals : undefined;
  const nonce = typeof locals === "object" && locals !== null && "cspNonce" in locals ? locals.cspNonce : undefined;
  return typeof nonce === "string" ? nonce : "";
}
