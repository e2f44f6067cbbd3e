/**
 * A generated CSV for the import benchmark: front, back and tags columns; most fields plain text, some with
 * simple inline HTML (<b>, <br>, <code>, <div>, entities) and a few (0.25%) with complex HTML (nesting, lists, tables,
 * <pre> code, links, headings): those take the unified pipeline.
 * Deterministic, so runs compare.
 */
const PLAIN = [
  'Why does select_related help with foreign keys?',
  'A JOIN fetches the related row in the same query, so the loop makes no extra queries.',
  'What does functools.wraps keep?',
  "The wrapped function's __name__, __doc__ and __module__.",
  'When is prefetch_related the right tool?',
  'For many-to-many and reverse foreign keys: a second query, joined in Python.',
];

const SIMPLE = [
  (i: number) => `What does <b>yield</b> do in card ${i}?`,
  (i: number) => `It <i>pauses</i> the function<br>and returns a value &amp; keeps state (${i}).`,
  (i: number) => `Use <code>dict.get(key, default)</code> &lt;not&gt; <code>dict[key]</code> #${i}`,
  (i: number) => `<div>First line ${i}</div><div>Second line with &nbsp;space</div>`,
  (i: number) => `<b>Bold</b> and <i>italic</i> then <u>under</u> ${i}`,
  (i: number) => `Python&nbsp;${i % 4 + 3}.${i % 13} &quot;quoted&quot; &#39;single&#39;`,
  (i: number) => `Line one<br/>Line two<br />Line three ${i}`,
  (i: number) => `<span>inline span ${i}</span> and <em>emphasis</em> and <strong>strong</strong>`,
];

const COMPLEX = [
  (i: number) => `<b>Bold <i>and italic</i></b> then <u>under</u> ${i}`,
  (i: number) => `<ul><li>one ${i}</li><li>two</li></ul>`,
  (i: number) => `<pre><code class="language-python">for x in range(${i % 10}):<br>    print(x)</code></pre>`,
  (i: number) => `<table><tr><th>tool</th><th>relation</th></tr><tr><td>select_related</td><td>FK ${i}</td></tr></table>`,
  (i: number) => `<a href="https://docs.python.org/3/">docs ${i}</a> and <img src="figure-${i % 5}.png">`,
  (i: number) => `<h3>Heading ${i}</h3><p>Para <b>bold</b></p><blockquote>quote</blockquote>`,
];

function field(i: number, salt: number): string {
  const pick = ((i * 7 + salt * 3) % 400) / 4;
  if (pick < 60) return `${PLAIN[(i + salt) % PLAIN.length]} (${i}/${salt})`;
  if (pick < 99.75) return SIMPLE[(i + salt) % SIMPLE.length]!(i);
  return COMPLEX[(i + salt) % COMPLEX.length]!(i);
}

function quote(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function generatedCsv(rows: number): string {
  const lines = ['front,back,tags'];
  for (let i = 0; i < rows; i++) {
    lines.push([quote(`Q${i}: ${field(i, 1)}`), quote(field(i, 2)), `bench::topic-${i % 20} set-${i % 3}`].join(','));
  }
  return `${lines.join('\n')}\n`;
}
