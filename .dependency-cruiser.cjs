/**
 * The layering Summit keeps (docs/decisions/0006-layout.md). `npm run check:deps`
 * runs it; CI fails on any violation.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle hides which module owns a concept; move the shared part into the kernel.",
      from: { path: "^(app|db)/" },
      to: { circular: true },
    },
    {
      name: "db-stands-alone",
      severity: "error",
      comment: "db/ is the data layer: it imports nothing from app/.",
      from: { path: "^db/" },
      to: { path: "^app/" },
    },
    {
      name: "routes-use-services",
      severity: "error",
      comment: "Routes call services; only services and the server reach db/.",
      from: { path: "^app/(routes|components)/" },
      to: { path: "^db/" },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "Domain rules import only other domain rules.",
      from: { path: "^app/domain/", pathNot: "\\.test\\.tsx?$" },
      to: { path: "^(app/(?!domain/)|db/)" },
    },
    {
      name: "app-never-imports-tests",
      severity: "error",
      from: { path: "^(app|db)/" },
      to: { path: "^tests/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^(app|db)/",
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
