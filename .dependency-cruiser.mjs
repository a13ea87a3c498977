// The layers of src/ (README, "Layout"), checked by `npm run lint`: no import cycles; the REST kit
// (src/rest) knows no domain, no vendor API and not the gateway's assembly (src/yoga.ts); domains
// (src/modules) know neither the vendor APIs nor the REST kit; the database layer (src/db) knows no
// domain. Type-only imports count: a cycle through types is still a cycle for a reader.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other, directly or through others.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'rest-kit-knows-no-domain',
      severity: 'error',
      comment: 'src/rest is the REST kit: domains, vendor APIs and the gateway are given to it, never imported.',
      from: { path: '^src/rest/' },
      to: { path: ['^src/modules/', '^src/vendors/', '^src/yoga\\.ts$'] },
    },
    {
      name: 'domains-know-no-vendor',
      severity: 'error',
      comment: "A domain serves GraphQL; the vendors' REST shapes live in src/vendors, on top of it.",
      from: { path: '^src/modules/' },
      to: { path: ['^src/vendors/', '^src/rest/'] },
    },
    {
      name: 'db-knows-no-domain',
      severity: 'error',
      comment: 'src/db opens, migrates and classifies errors of the database; what goes in it is the domains’.',
      from: { path: '^src/db/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.json'],
    },
  },
};
