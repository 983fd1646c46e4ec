import { readFile, writeFile } from 'node:fs/promises'
import { ratio } from './stats.mjs'

const ms = (v) => (v === undefined ? '–' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1))
const mb = (v) => (v === undefined ? '–' : v >= 100 ? Math.round(v).toString() : v.toFixed(1))
const bytes = (v) => (v === undefined ? '–' : v >= 1e6 ? `${(v / 1e6).toFixed(2)} MB` : `${(v / 1e3).toFixed(1)} kB`)
const int = (v) => (v === undefined ? '–' : Math.round(v).toLocaleString('en-US'))
const x = (v) => (v === undefined ? '–' : v.toFixed(2))
const spread = (s, f) => (s ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : '–')

function cellOf(w, latency, cache, tool) {
  return w.cases?.find((c) => c.latency === latency && c.cache === cache && c.tool === tool)
}

function generationTable(w) {
  const rows = ['| latency | cache | tool | wall ms, median (min–max) | CPU ms | peak RSS MB | requests | transferred | wall ×jspm | CPU ×jspm | requests ×jspm | RSS ×jspm |', '|---|---|---|---|---|---|---|---|---|---|---|---|']
  const latencies = [...new Set(w.cases.map((c) => c.latency))]
  for (const latency of latencies) {
    for (const cache of ['cold', 'warm']) {
      const e = cellOf(w, latency, cache, 'esmap')
      const j = cellOf(w, latency, cache, 'jspm')
      for (const c of [e, j]) {
        if (!c) continue
        const first = c.tool === 'esmap'
        const failed = c.failed ? ` (${c.failed} failed)` : ''
        rows.push(
          `| ${w.provider === 'nodemodules' ? 'local' : `${latency} ms`} | ${cache} | ${c.tool === 'esmap' ? 'esmap' : '@jspm/generator'}${failed} | ${spread(c.wallMs, ms)} | ${ms(c.cpuMs?.median)} | ${spread(c.rssMb, mb)} | ${int(c.requests?.median)} | ${bytes(c.bytes?.median)} | ${first ? x(ratio(e.wallMs?.median, j?.wallMs?.median)) : ''} | ${first ? x(ratio(e.cpuMs?.median, j?.cpuMs?.median)) : ''} | ${first ? x(ratio(e.requests?.median, j?.requests?.median)) : ''} | ${first ? x(ratio(e.rssMb?.median, j?.rssMb?.median)) : ''} |`,
        )
      }
    }
  }
  return rows.join('\n')
}

function checkLine(w) {
  const c = w.check
  const status = (t) => (c.runs[t].ok ? `ok (${c.runs[t].packages} packages, ${c.runs[t].modules} modules reached)` : `**failed**: ${c.runs[t].error?.split('\n').join(' ')}`)
  const lines = [`- esmap: ${status('esmap')}`, `- @jspm/generator: ${status('jspm')}`]
  if (c.equal !== undefined) {
    lines.push(c.equal ? `- maps agree: every one of the ${int(c.runs.esmap.edges)} imports on the way from the installs resolves to the same URL` : `- **maps differ** on ${c.diffCount} imports, e.g. ${c.diffs.slice(0, 5).map((d) => `\`${d.edge.replace('\t', ' → ')}\`: esmap ${d.esmap}, jspm ${d.jspm}`).join('; ')}`)
    if (c.onlyEsmap.length || c.onlyJspm.length) lines.push(`- packages in one map only (not reached by ES module imports, e.g. CommonJS \`require\`s that esmap traces and @jspm/generator does not): esmap ${c.onlyEsmap.join(', ') || '–'}; jspm ${c.onlyJspm.join(', ') || '–'}`)
  }
  for (const [tool, stable] of Object.entries(w.stableMaps ?? {})) if (!stable) lines.push(`- **${tool} produced different maps in different runs** (see the map hashes in the raw data)`)
  if (w.stableMaps && Object.values(w.stableMaps).every(Boolean)) lines.push('- every timed run of each tool produced the map that was checked')
  if (w.misses?.length) lines.push(`- **mirror misses during timed runs** (results not valid): ${w.misses.slice(0, 5).join(', ')}`)
  return lines.join('\n')
}

/** The targets of issue 10, each with the figures it is judged on. */
export function targets(results) {
  const out = []
  const top = Math.max(...results.meta.latencies)
  for (const w of results.workloads) {
    if (!w.cases) continue
    const net = w.provider !== 'nodemodules'
    const lat = net ? top : 0
    const add = (target, cache, latency, metric, limit) => {
      const e = cellOf(w, latency, cache, 'esmap')?.[metric]?.median
      const j = cellOf(w, latency, cache, 'jspm')?.[metric]?.median
      const r = ratio(e, j)
      out.push({ workload: w.id, target, latency, cache, metric, esmap: e, jspm: j, ratio: r, limit, met: r !== undefined && r <= limit })
    }
    if (net) {
      add('cold wall time ≤ 0.35×', 'cold', lat, 'wallMs', 0.35)
      add('cold requests ≤ 0.1×', 'cold', lat, 'requests', 0.1)
    } else {
      add('cold wall time ≤ 0.35×', 'cold', lat, 'wallMs', 0.35)
    }
    for (const l of net ? results.meta.latencies : [0]) add('warm wall time ≤ 0.25×', 'warm', l, 'wallMs', 0.25)
    add('peak RSS ≤ 0.7×', 'cold', lat, 'rssMb', 0.7)
    add('peak RSS ≤ 0.7×', 'warm', lat, 'rssMb', 0.7)
  }
  return out
}

function targetTable(results) {
  const rows = ['| workload | target | case | esmap | @jspm/generator | ratio | met |', '|---|---|---|---|---|---|---|']
  const f = (m, v) => (m === 'wallMs' ? `${ms(v)} ms` : m === 'rssMb' ? `${mb(v)} MB` : int(v))
  for (const t of targets(results)) {
    const w = results.workloads.find((w) => w.id === t.workload)
    rows.push(`| ${t.workload} | ${t.target} | ${w.provider === 'nodemodules' ? 'local' : `${t.latency} ms`}, ${t.cache} | ${f(t.metric, t.esmap)} | ${f(t.metric, t.jspm)} | ${x(t.ratio)} | ${t.ratio === undefined ? '–' : t.met ? 'yes' : '**no**'} |`)
  }
  return rows.join('\n')
}

function boundTable(results) {
  const rows = ['| workload | latency | packages reached | longest chain (packages) | JS bytes reached | bound | esmap cold | jspm cold |', '|---|---|---|---|---|---|---|---|']
  for (const w of results.workloads) {
    if (!w.bound || !w.check.graph) continue
    const g = w.check.graph
    for (const latency of results.meta.latencies) {
      const b = w.bound[latency]
      const e = cellOf(w, latency, 'cold', 'esmap')?.wallMs?.median
      const j = cellOf(w, latency, 'cold', 'jspm')?.wallMs?.median
      rows.push(`| ${w.id} | ${latency} ms | ${g.packages} | ${g.depth} (${g.chain.join(' → ')}) | ${bytes(g.moduleBytes)} | ${ms(b)} ms | ${ms(e)} ms (${x(ratio(e, b))}× bound) | ${ms(j)} ms (${x(ratio(j, b))}× bound) |`)
    }
  }
  return rows.join('\n')
}

function profileSection(p) {
  if (!p) return '_not profiled_'
  const area = p.areas.map((a) => `| ${a.name} | ${int(a.ms)} | ${(a.share * 100).toFixed(1)} % |`).join('\n')
  const fns = p.functions.map((a) => `| \`${a.name}\` | ${int(a.ms)} | ${(a.share * 100).toFixed(1)} % |`).join('\n')
  const owners = (p.owners ?? []).map((a) => `| \`${a.name}\` | ${int(a.ms)} | ${(a.share * 100).toFixed(1)} % |`).join('\n')
  return [
    `#### (${p.workload}), ${p.latency} ms latency, ${p.cache} cache`,
    '',
    `Generation ${ms(p.wallMs)} ms in a ${ms(p.processMs)} ms process; ${int(p.totalMs)} ms of samples (the whole child process, startup and imports included).`,
    '',
    '| self time by area | ms | share |',
    '|---|---|---|',
    area,
    '',
    '| self time by function | ms | share |',
    '|---|---|---|',
    fns,
    '',
    '| time by the nearest @esmap/core function on the stack | ms | share |',
    '|---|---|---|',
    owners,
  ].join('\n')
}

/** The generated part of BENCHMARKS.md. */
export function renderReport(results) {
  const m = results.meta
  const parts = [
    `Run of ${m.date} (${m.durationS ?? '?'} s; load average ${m.loadAverage?.start ?? '?'} at the start, ${m.loadAverage?.end ?? '?'} at the end): ${m.machine.cpus} CPUs (${m.machine.cpuModel}), ${m.machine.memoryGb} GB, Node ${m.machine.node}, ${m.machine.os}; ${m.versions.esmap} vs ${m.versions.jspm}; ${m.runs} runs per cell, each in a fresh process; loopback ${m.loopbackMbPerS} MB/s. Command: \`${m.command}\`.${m.rawFile ? ` Raw data: [\`${m.rawFile}\`](${m.rawFile}).` : ''}`,
    '',
    '### Targets',
    '',
    targetTable(results),
    '',
  ]
  for (const w of results.workloads) {
    parts.push(`### ${w.title}`, '', checkLine(w), '')
    if (w.cases) parts.push(generationTable(w), '')
  }
  parts.push('### Physical bound', '', boundTable(results), '', '### Profiles of the slowest esmap cases (cold and warm)', '', ...(results.profiles ?? []).map((p) => `${profileSection(p)}\n`), ...(results.profiles?.length ? [] : ['_not profiled_', '']))
  if (results.page) parts.push(results.page.markdown, '')
  return parts.join('\n')
}

const start = '<!-- results:start (generated by `pnpm bench`; do not edit by hand) -->'
const end = '<!-- results:end -->'

/** Replaces the generated block of BENCHMARKS.md (or appends one). */
export async function writeBenchmarksMd(file, markdown) {
  let text = ''
  try {
    text = await readFile(file, 'utf8')
  } catch {
    text = '# Benchmarks\n\n'
  }
  const block = `${start}\n\n${markdown}\n${end}`
  const i = text.indexOf(start)
  const j = text.indexOf(end)
  text = i !== -1 && j !== -1 ? `${text.slice(0, i)}${block}${text.slice(j + end.length)}` : `${text.trimEnd()}\n\n${block}\n`
  await writeFile(file, text)
}
