/**
 * The workloads. (a) and (c) are the same app; (b) is the dependency list of a larger app, grouped
 * by what it is for. Every package is an ES module package that works from a raw-file CDN, so the
 * maps of both tools can be checked module by module.
 */

/** (a) A small app: the list. */
export const appA = ['lit', 'preact', 'preact/hooks', 'vue', 'lodash-es', 'd3', 'three', 'zod', 'nanoid', 'date-fns', 'htm', '@preact/signals']

/**
 * (b) A dashboard with editors: design systems, charts, state, editors, collaboration, framework,
 * utilities. One caveat: @observablehq/plot imports interval-tree-1d, which is CommonJS; both tools
 * map it as published (a raw CDN converts nothing), so that import would fail in a browser. The
 * generation work is the same for both tools, which is what is measured here.
 */
export const appBGroups = {
  'design systems': ['@shoelace-style/shoelace', '@material/web/all.js'],
  charting: ['d3', '@observablehq/plot', 'chart.js', 'echarts', 'three'],
  state: ['immer', 'nanostores', '@preact/signals-core', '@tanstack/query-core', 'xstate', 'zustand/vanilla', 'mobx'],
  'code editor': ['codemirror', '@codemirror/lang-javascript', '@codemirror/lang-html', '@codemirror/lang-css', '@codemirror/lang-json', '@codemirror/lang-markdown'],
  'rich text': [
    'prosemirror-view', 'prosemirror-state', 'prosemirror-model', 'prosemirror-transform', 'prosemirror-commands', 'prosemirror-keymap',
    'prosemirror-history', 'prosemirror-schema-basic', 'prosemirror-schema-list', 'prosemirror-dropcursor', 'prosemirror-gapcursor',
  ],
  collaboration: ['yjs', 'y-prosemirror'],
  framework: ['vue', 'vue-router', 'pinia', 'lit', 'preact', 'htm'],
  utilities: ['lodash-es', 'date-fns', 'nanoid', 'zod', 'valibot', 'idb', 'dexie', 'marked', 'dompurify', 'fuse.js', 'i18next', 'ky', 'mitt', 'comlink', 'web-vitals', 'graphql'],
}
export const appB = Object.values(appBGroups).flat()

/**
 * Left out of (b), each for a reason the report states:
 * - `rxjs`: its ESM build imports files without extensions (`./internal/Observable`), which a raw CDN
 *   cannot serve; both tools stop with "Module not found".
 * - `prosemirror-inputrules`: imports `prosemirror-model` without declaring it. Browsers resolve it
 *   through the top-level `imports` entry (and @jspm/generator maps it so); esmap stops with
 *   "is not declared as a dependency". Kept as its own case, (d), so the failure stays visible.
 */
export const appD = ['prosemirror-inputrules', 'prosemirror-model', 'prosemirror-state', 'prosemirror-transform']

/**
 * `network`: served by the mirror (timed at every latency); `probe`: only checked, not timed.
 * @type {{ id: string, title: string, installs: string[], provider: 'jsdelivr' | 'nodemodules', network: boolean, probe?: boolean }[]}
 */
export const workloads = [
  { id: 'a', title: '(a) app: 12 installs, jsdelivr', installs: appA, provider: 'jsdelivr', network: true },
  { id: 'b', title: `(b) large app: ${appB.length} installs, jsdelivr`, installs: appB, provider: 'jsdelivr', network: true },
  { id: 'c', title: '(c) app (a) from node_modules (npm install)', installs: appA, provider: 'nodemodules', network: false },
  { id: 'd', title: '(d) undeclared dependency (prosemirror-inputrules), jsdelivr', installs: appD, provider: 'jsdelivr', network: true, probe: true },
]
