// Runs one vitest configuration and ends with a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const [label, config, ...flags] = process.argv.slice(2)
const allowEmpty = flags.includes('--allow-empty')
const dir = mkdtempSync(join(tmpdir(), 'esmap-vitest-'))
const report = join(dir, 'report.json')
const run = spawnSync('vitest', ['run', '--config', config, ...(allowEmpty ? ['--passWithNoTests'] : []), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
  stdio: 'inherit',
  shell: false,
})
let summary = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTotalTests: 0 }
try {
  summary = JSON.parse(readFileSync(report, 'utf8'))
} catch {
  // no report: vitest failed before running anything; its exit status says so below
}
rmSync(dir, { recursive: true, force: true })
const skipped = summary.numPendingTests + (summary.numTodoTests ?? 0)
// A file that fails to load has no failed test of its own: count it once.
const failedSuites = summary.numFailedTests === 0 ? (summary.numFailedTestSuites ?? 0) : 0
console.log(`${label}: ${summary.numPassedTests} passed, ${summary.numFailedTests + failedSuites} failed${skipped ? `, ${skipped} skipped` : ''}`)
const failed = run.status !== 0 || summary.numFailedTests > 0 || (summary.numFailedTestSuites ?? 0) > 0 || (summary.numTotalTests === 0 && !allowEmpty)
process.exit(failed ? 1 : 0)
