import { LitElement, html, css } from 'lit'

class EsmapBadge extends LitElement {
  static styles = css`span { font-family: sans-serif; }`
  render() {
    return html`<span id="badge">loaded through an import map</span>`
  }
}

customElements.define('esmap-badge', EsmapBadge)
