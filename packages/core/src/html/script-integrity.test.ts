import { describe, expect, it } from 'vitest'
import { addScriptIntegrity } from './script-integrity.js'

describe('addScriptIntegrity', () => {
  const sri = { '/assets/app.js': 'sha384-app', 'https://cdn.example/x.js': 'sha384-x' }
  it('adds integrity to module scripts the map knows, relative or absolute, and keeps the rest as written', () => {
    const html = [
      '<head>',
      '  <script type="module" crossorigin src="/assets/app.js"></script>',
      '  <script type="module" src="https://cdn.example/x.js" />',
      '  <script type="module" src="/assets/other.js"></script>',
      '  <script type="module" src="/assets/app.js" integrity="sha384-own"></script>',
      "  <script type=\"module\">import 'x'</script>",
      '</head>',
    ].join('\n')
    expect(addScriptIntegrity(html, 'https://site.example/index.html', sri)).toBe(
      [
        '<head>',
        '  <script type="module" crossorigin src="/assets/app.js" integrity="sha384-app"></script>',
        '  <script type="module" src="https://cdn.example/x.js" integrity="sha384-x" />',
        '  <script type="module" src="/assets/other.js"></script>',
        '  <script type="module" src="/assets/app.js" integrity="sha384-own"></script>',
        "  <script type=\"module\">import 'x'</script>",
        '</head>',
      ].join('\n'),
    )
  })
  it('is idempotent', () => {
    const once = addScriptIntegrity('<script type="module" src="./assets/app.js"></script>', 'https://site.example/', sri)
    expect(once).toBe('<script type="module" src="./assets/app.js" integrity="sha384-app"></script>')
    expect(addScriptIntegrity(once, 'https://site.example/', sri)).toBe(once)
  })
})
