import sanitizeHtml from 'sanitize-html';

// What an official document body needs: paragraphs, emphasis, lists and simple tables.
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    'ol',
    'ul',
    'li',
    'h3',
    'h4',
    'blockquote',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: [],
  disallowedTagsMode: 'discard',
};

/** Rich text from users is cleaned on the server: no scripts, handlers, styles or links. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
