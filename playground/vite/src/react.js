// React ships only CommonJS: with the `self` provider esmap builds it into ES modules at build
// time and serves it from this site (dist/_esm/), verified by integrity like every other module.
import { createElement as h, useState } from 'react'
import { createRoot } from 'react-dom/client'

function Counter() {
  const [count, setCount] = useState(0)
  return h('button', { id: 'react-count', onClick: () => setCount(count + 1) }, `react count is ${count}`)
}

createRoot(document.getElementById('root')).render(h(Counter))
