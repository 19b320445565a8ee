// Requests to the routes as a browser on the app's own origin sends them, and
// the Response a loader or action gives back, whether returned or thrown.

export const ORIGIN = "http://localhost:3000";

export const get = (path: string) => new Request(`${ORIGIN}${path}`);

/** A same-origin form post; `fields` as pairs where a name repeats. */
export function post(
  path: string,
  fields: Record<string, string> | Array<[string, string]>,
  headers: Record<string, string> = {},
): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Sec-Fetch-Site": "same-origin", Origin: ORIGIN, ...headers },
  });
}

/** Loaders and actions return a Response, or throw one (guards, 404). */
export async function respond(promise: Promise<unknown>): Promise<Response> {
  try {
    const value = await promise;
    if (value instanceof Response) return value;
    throw new Error("expected a Response");
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** The Response a loader or action throws (a guard's redirect or refusal). */
export async function thrownBy(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}
