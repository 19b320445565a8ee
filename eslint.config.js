import js from "@eslint/js";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Which way imports may run (docs/decisions/0006-layout.md): domain → nothing; db/queries → db/schema;
// routes and components never reach the database driver directly.
const noTests = { group: ["**/tests/*"], message: "Nothing in app/ imports tests/." };
const frameworkAndDatabase = [
  noTests,
  {
    group: ["@remix-run/*", "react", "react-dom", "react/*"],
    message: "Domain rules are plain TypeScript: no framework imports.",
  },
  {
    group: ["kysely", "pg", "@electric-sql/*", "lucia", "nodemailer"],
    message: "Domain rules take plain data: no database or mail imports.",
  },
  { group: ["node:*"], message: "Domain rules take time, ids and input as parameters: no Node built-ins." },
  {
    group: ["**/*.server", "**/*.server.*", "~db/*", "**/db/*", "~/services/*", "~/auth/*", "~/lib/*"],
    message: "Domain rules import nothing from the rest of the app.",
  },
];

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      ".cache/",
      "node_modules/",
      "test-results/",
      "playwright-report/",
      "tests/.tmp/",
      "data/",
      "public/screenshots/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { react, "react-hooks": reactHooks },
    settings: { react: { version: "18.3" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "react/prop-types": "off",
      // Raw HTML only through the one sanitising component.
      "react/no-danger": "error",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noTests] }],
    },
  },
  {
    files: ["app/domain/**/*.ts"],
    ignores: ["app/domain/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: frameworkAndDatabase }] },
  },
  {
    files: ["db/queries/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["~/*", "../../app/*", "@remix-run/*"], message: "Queries depend on db/schema only." }] },
      ],
    },
  },
  {
    files: ["app/routes/**/*.tsx", "app/routes/**/*.ts", "app/components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "kysely", message: "Routes call queries and services; they hold no SQL." },
            { name: "pg", message: "Routes never reach the database driver." },
            { name: "@electric-sql/pglite", message: "Routes never reach the database driver." },
          ],
          patterns: [
            noTests,
            { group: ["~db/client", "**/db/client"], message: "Only the server opens the database." },
          ],
        },
      ],
    },
  },
  {
    files: ["db/migrations/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
