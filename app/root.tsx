import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { getOptionalUser } from "~/app/auth/guard.server";
import { ROLE_LABELS } from "~/app/auth/permissions";
import { navigationFor, type NavItem } from "./navigation";
import stylesUrl from "./styles.css?url";
import { useNonce } from "~/app/components/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  return { user: user ? { name: user.name, role: user.role, email: user.email } : null };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <a className="brand" href="/">
            Redline
          </a>
          {user ? (
            <>
              <SiteNavigation items={navigationFor(user.role)} />
              <div className="account">
                <span>
                  {user.name} · {ROLE_LABELS[user.role]}
                </span>
                <Form method="post" action="/logout">
                  <button type="submit" className="link-button">
                    Sign out
                  </button>
                </Form>
              </div>
            </>
          ) : null}
        </header>
        <main id="main">{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * The main navigation: a row of links on a wide screen; on a narrow one a "Menu" disclosure (a
 * `<details>`, so it opens without JavaScript too) that closes again once a link was followed.
 */
function SiteNavigation({ items }: { items: NavItem[] }) {
  const menuRef = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    if (menuRef.current) menuRef.current.open = false;
  }, [pathname]);
  return (
    <details ref={menuRef} className="nav-menu">
      <summary>Menu</summary>
      <nav aria-label="Main">
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to === "/"}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </details>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const title =
      error.status === 403 ? "You do not have access to this page" : error.status === 404 ? "Page not found" : `Error ${error.status}`;
    const detail =
      error.status === 403
        ? "Your role does not include this page. If you need it, ask an admin."
        : typeof error.data === "string"
          ? error.data
          : error.statusText;
    return (
      <section className="error-page">
        <h1>{title}</h1>
        <p>{detail}</p>
        <p>
          <a href="/">Back to your home page</a>
        </p>
      </section>
    );
  }
  return (
    <section className="error-page">
      <h1>Something went wrong</h1>
      <p>The error has been logged. Try again, or go back to your home page.</p>
      <p>
        <a href="/">Back to your home page</a>
      </p>
    </section>
  );
}
