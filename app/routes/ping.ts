// A bare route (no database, tiny body): the baseline the benchmarks compare against.
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
