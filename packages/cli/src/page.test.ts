import { describe, expect, it } from 'vitest'
import { pageRoots } from './page.js'

const page = (body: string, head = ''): string => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`

describe('pageRoots', () => {
  it.each([
    ['an external module script', page('<script type="module" src="./src/main.js"></script>'), undefined, ['file:///site/src/main.js']],
    ['a classic script is not a module', page('<script src="./legacy.js"></script>'), undefined, []],
    ['inline imports: relative and bare', page('<script type="module">import "./a.js"; import "lit"; import("/b.js")</script>'), undefined, ['file:///site/a.js', 'lit', 'file:///b.js']],
    ['path-absolute under the root', page('<script type="module" src="/src/main.js"></script><script type="module">import "/a.js"</script>'), 'file:///site/', ['file:///site/src/main.js', 'file:///site/a.js']],
    ['scheme-relative stays on its host', page('<script type="module" src="//cdn.example/x.js"></script>'), 'file:///site/', ['file://cdn.example/x.js']],
    ['<base href> moves relative URLs', page('<script type="module" src="main.js"></script>', '<base href="./app/">'), undefined, ['file:///site/app/main.js']],
    ['each module once', page('<script type="module" src="./a.js"></script><script type="module">import "./a.js"</script>'), undefined, ['file:///site/a.js']],
  ])('%s', async (_, html, root, roots) => {
    expect(await pageRoots(html, new URL('file:///site/index.html'), root === undefined ? undefined : new URL(root))).toEqual(roots)
  })
})
