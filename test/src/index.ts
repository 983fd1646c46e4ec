export { conformanceDir, repoRoot } from './paths.js'
