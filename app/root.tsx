import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "./components/nonce";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Summit" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const user = await context.viewer.user();
  return json({
    user: user ? { id: user.id, displayName: user.displayName, email: user.email, isAdmin: user.isAdmin } : null,
    showDevMail: !context.config.isProduction,
  });
}

/**
 * The routes whose pages are sent without JavaScript: everything on them works
 * as plain HTML, and scripts would add nothing but weight to a first load. The
 * sign-in page is one email field posted to the server, which checks it and
 * answers beside the field; it is the first page an invitee opens.
 */
const ROUTES_WITHOUT_SCRIPTS: ReadonlySet<string> = new Set(["routes/login"]);

/**
 * Whether the document carries Remix's scripts. Once scripts run in the browser
 * the page was sent with them: it keeps them (and its scroll restoration) when
 * it navigates to a page without.
 */
function useShipsScripts(): boolean {
  const matches = useMatches();
  if (typeof document !== "undefined") return true;
  return !matches.some((match) => ROUTES_WITHOUT_SCRIPTS.has(match.id));
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const shipsScripts = useShipsScripts();
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
          <div className="site-header__inner">
            <Link to="/" className="brand">
              Summit
            </Link>
            <nav aria-label="Main">
              <ul className="nav-list">
                <li>
                  <NavLink to="/" end>
                    Summits
                  </NavLink>
                </li>
                {user?.isAdmin ? (
                  <li>
                    <NavLink to="/admin">Admin</NavLink>
                  </li>
                ) : null}
                {data?.showDevMail ? (
                  <li>
                    <NavLink to="/dev/mail">Mail</NavLink>
                  </li>
                ) : null}
                {user ? (
                  <>
                    <li>
                      <NavLink to="/profile">{user.displayName}</NavLink>
                    </li>
                    <li>
                      <Form method="post" action="/logout">
                        <button type="submit" className="link-button">
                          Sign out
                        </button>
                      </Form>
                    </li>
                  </>
                ) : (
                  <li>
                    <NavLink to="/login">Sign in</NavLink>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" className="page">
          {children}
        </main>
        <footer className="site-footer">
          <p>Summit — agendas with outcomes, minutes for the list.</p>
        </footer>
        {shipsScripts ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

const STATUS_TITLES: Record<number, string> = {
  400: "That request could not be understood",
  401: "Please sign in",
  403: "You do not have access to this page",
  404: "Page not found",
  409: "That conflicts with the current state",
  413: "That was too large",
  429: "Too many requests",
  503: "Summit is briefly unavailable",
};

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const title = STATUS_TITLES[error.status] ?? `Error ${error.status}`;
    const message = typeof error.data === "string" && error.data.length < 500 ? error.data : null;
    return (
      <section className="error-page" aria-labelledby="error-title">
        <p className="eyebrow">Error {error.status}</p>
        <h1 id="error-title">{title}</h1>
        {message ? <p>{message}</p> : null}
        <p>
          <Link to="/">Back to the list of summits</Link>
          {error.status === 403 || error.status === 401 ? (
            <>
              {" "}
              · <Link to="/login">Sign in as someone else</Link>
            </>
          ) : null}
        </p>
      </section>
    );
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="eyebrow">Error 500</p>
      <h1 id="error-title">Something went wrong on our side</h1>
      <p>The problem has been logged. Please try again; if it keeps happening, tell the organizers.</p>
      <p>
        <Link to="/">Back to the list of summits</Link>
      </p>
    </section>
  );
}
