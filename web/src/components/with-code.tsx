// A translated sentence that names identifiers a reader must type or look for exactly
// (JIRGA-RECEIPT, BEGIN, END): each shown as code, left to right, inside Dari or Pashto text.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function WithCode({ text, codes }: { text: string; codes: readonly string[] }) {
  const pattern = new RegExp(`(${[...codes].sort((a, b) => b.length - a.length).map(escape).join('|')})`, 'g');
  return (
    <>
      {text.split(pattern).map((part, i) =>
        codes.includes(part) ? (
          <code key={i} dir="ltr">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
