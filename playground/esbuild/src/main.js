import { h, render } from 'preact'
import { useState } from 'preact/hooks'
import htm from 'htm'
import './badge.js'

const html = htm.bind(h)

function Counter() {
  const [count, setCount] = useState(0)
  return html`<button id="count" onClick=${() => setCount(count + 1)}>count is ${count}</button>`
}

render(html`<${Counter} />`, document.getElementById('app'))
