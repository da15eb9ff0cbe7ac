// The architecture rules CI checks (npm run deps): no cycles; the domain is pure; features do not import each
// other; SQL only in src/db; handlers and exports know nothing of the jobs; only the bot assembly knows the features.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", from: {}, to: { circular: true } },
    {
      name: "domain-is-pure",
      comment: "src/domain: logic with no I/O; it imports only itself and small pure libraries",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "^src/(?!domain/)" },
    },
    {
      name: "domain-no-node-io",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "db-below-features",
      comment: "src/db serves everyone and imports only the domain and itself",
      severity: "error",
      from: { path: "^src/db/" },
      to: { path: "^src/(bot|handlers|jobs|web|export|documents|charts)/" },
    },
    {
      name: "sql-in-db",
      comment: "every SQL statement lives in src/db: elsewhere the query builder is known by its types only",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/db/" },
      to: { path: "node_modules/(kysely|@libsql/kysely-libsql)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "handlers-not-jobs",
      severity: "error",
      from: { path: "^src/(handlers|export)/" },
      to: { path: "^src/jobs/" },
    },
    {
      name: "features-apart",
      comment: "a feature (a file or a folder under src/handlers) never imports another; shared code moves down",
      severity: "error",
      from: { path: "^src/handlers/([^/.]+)" },
      to: { path: "^src/handlers/", pathNot: "^src/handlers/$1(/|\\.ts$)" },
    },
    {
      name: "only-the-assembly-knows-features",
      severity: "error",
      from: { path: "^src/bot/", pathNot: "^src/bot/index\\.ts$" },
      to: { path: "^src/handlers/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^src/worker/" },
  },
};
