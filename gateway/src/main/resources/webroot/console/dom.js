// Building the page from data without ever parsing data as HTML: every text goes in with textContent.

/**
 * A new element. Attributes: `className`, `text` (its textContent), `dataset` (an object), `on` (an
 * object of event listeners); anything else is set as an attribute (true for an empty one; false, null
 * and undefined leave it out). Children are nodes or strings (added as text).
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = String(value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'on') for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** The element with this id (the pages' fixed structure). */
export const $ = (id) => document.getElementById(id);

/** Fills every `[data-i18n]` element's text and `[data-i18n-<attr>]` attribute under `root`. */
export function translate(root, tr) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = tr(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) {
    node.setAttribute('placeholder', tr(node.dataset.i18nPlaceholder));
  }
  for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', tr(node.dataset.i18nLabel));
  for (const node of root.querySelectorAll('[data-i18n-title]')) node.setAttribute('title', tr(node.dataset.i18nTitle));
}
