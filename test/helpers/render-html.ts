// Preact components to HTML text, for tests of components without hooks: function
// components are called, elements written with their attributes (a stand-in for
// preact-render-to-string, which the project does not install).
import { Fragment, type ComponentChildren, type VNode } from 'preact';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link']);

export function renderHtml(node: ComponentChildren): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return escape(String(node));
  if (Array.isArray(node)) return node.map(renderHtml).join('');
  const v = node as VNode<Record<string, unknown>>;
  const props = (v.props ?? {}) as Record<string, unknown> & { children?: ComponentChildren };
  if (v.type === Fragment) return renderHtml(props.children);
  if (typeof v.type === 'function') return renderHtml((v.type as (p: object) => ComponentChildren)(props));
  const tag = v.type as string;
  let attrs = '';
  for (const [k, value] of Object.entries(props)) {
    if (k === 'children' || value === undefined || value === null || value === false || typeof value === 'function') continue;
    const name = k === 'className' ? 'class' : k === 'tabIndex' ? 'tabindex' : k;
    attrs += value === true ? ` ${name}` : ` ${name}="${escape(typeof value === 'object' ? JSON.stringify(value) : String(value))}"`;
  }
  return VOID.has(tag) ? `<${tag}${attrs}>` : `<${tag}${attrs}>${renderHtml(props.children)}</${tag}>`;
}

/** The text a reader sees (tags dropped, entities of renderHtml undone). */
export function textOfHtml(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}
