// A JSON reader that keeps integers past 2^53 exact (as bigint): the vectors hold u64 values that
// JSON.parse would round, and Node 20's JSON.parse has no access to the source text of numbers.

export type Json = null | boolean | number | bigint | string | Json[] | { [k: string]: Json };

export function parseJson(text: string): Json {
  let i = 0;
  const ws = (): void => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o: { [k: string]: Json } = {};
      ws();
      if (text[i] === '}') { i++; return o; }
      for (;;) {
        ws();
        const k = value() as string;
        ws(); i++; // ':'
        o[k] = value();
        ws();
        if (text[i++] === '}') return o;
      }
    }
    if (c === '[') {
      i++;
      const a: Json[] = [];
      ws();
      if (text[i] === ']') { i++; return a; }
      for (;;) {
        a.push(value());
        ws();
        if (text[i++] === ']') return a;
      }
    }
    if (c === '"') {
      const start = i;
      i++;
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      return JSON.parse(text.slice(start, i)) as string;
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?|^true|^false|^null|^NaN|^-?Infinity/.exec(text.slice(i, i + 400));
    if (!m) throw new SyntaxError(`bad JSON at ${i}`);
    i += m[0].length;
    const s = m[0];
    if (s === 'true') return true;
    if (s === 'false') return false;
    if (s === 'null') return null;
    if (s === 'NaN') return Number.NaN;
    if (s.endsWith('Infinity')) return s.startsWith('-') ? -Infinity : Infinity;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(s);
      return Number.isSafeInteger(n) ? n : BigInt(s);
    }
    return Number(s);
  };
  return value();
}
