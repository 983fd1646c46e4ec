// A second process for the cache race test: argv = cacheDir, origin, rounds, paths...
// Every round fetches every path with ttl 0, so each round reads, then rewrites, every entry,
// while the sibling process does the same. Prints what it saw as one JSON line.
import { createHash } from 'node:crypto'
import { createFetcher } from '../fetcher.ts'

const [cacheDir, origin, rounds, ...paths] = process.argv.slice(2)
const corrupt = []
const fetcher = createFetcher({ cacheDir, ttl: 0, onEvent: (e) => e.type === 'cache-corrupt' && corrupt.push(e.reason) })
const hashes = {}
for (let round = 0; round < Number(rounds); round++) {
  await Promise.all(
    paths.map(async (path) => {
      const { body } = await fetcher.fetch(`${origin}${path}`)
      hashes[path] = createHash('sha256').update(body).digest('hex')
    }),
  )
}
console.log(JSON.stringify({ hashes, corrupt, stats: fetcher.stats() }))
