// JSON as RFC 8259 writes it, read strictly: JSON.parse keeps the last of two members with one name,
// while a person, or another parser, may read the first, so a document holding a duplicate member
// says two things at once. This reader refuses it and names the member by its path.

export type StrictJson = { ok: true; value: unknown } | { ok: false; problem: "syntax"; reason: string } | { ok: false; problem: "duplicate"; path: string };

// Certificates are five levels deep; far deeper input is refused before it costs anything.
const MAX_DEPTH = 64;

class Refusal extends Error {
  constructor(readonly result: Exclude<StrictJson, { ok: true }>) {
    super("refused");
  }
}

// certificate.people, certificate.identifiers.items[0], certificate["a b"].
function pathOf(segments: (string | number)[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path || "(the top level)";
}

// A reader over one text that only checks: it walks each value without building it, keeping the path
// of member names and indexes so a refusal can say where it is.
class StrictReader {
  private i = 0;
  private readonly path: (string | number)[] = [];

  constructor(private readonly text: string) {}

  // The whole text: one value, then nothing but whitespace.
  readDocument() {
    this.readValue(0);
    this.skipWhitespace();
    if (this.i < this.text.length) this.syntax("text after the JSON value");
  }

  private syntax(reason: string): never {
    throw new Refusal({ ok: false, problem: "syntax", reason: `${reason} at character ${this.i + 1}` });
  }

  private skipWhitespace() {
    const { text } = this;
    while (this.i < text.length && (text[this.i] === " " || text[this.i] === "\t" || text[this.i] === "\n" || text[this.i] === "\r")) this.i++;
  }

  // Consumes `char` (after whitespace) if it is next.
  private take(char: string): boolean {
    this.skipWhitespace();
    if (this.text[this.i] !== char) return false;
    this.i++;
    return true;
  }

  // Returns the string token's raw text (quotes included), checked.
  private readString(): string {
    const { text } = this;
    const start = this.i++;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c === 0x22) return text.slice(start, ++this.i);
      if (c < 0x20) this.syntax("a control character inside a string");
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      const next = text[this.i + 1];
      if (next === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(this.i + 2, this.i + 6))) this.syntax("a bad \\u escape");
        this.i += 6;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
        this.i += 2;
      } else {
        this.syntax("a bad escape");
      }
    }
    return this.syntax("an unterminated string");
  }

  private readNumber() {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!match || match[0] === "-") this.syntax("an unexpected character");
    this.i += match[0].length;
  }

  // The members of an object, its "{" read: each name once.
  private readObject(depth: number) {
    if (this.take("}")) return;
    const names = new Set<string>();
    do {
      this.skipWhitespace();
      if (this.text[this.i] !== '"') this.syntax("expected a member name");
      const name = JSON.parse(this.readString()) as string;
      if (names.has(name)) throw new Refusal({ ok: false, problem: "duplicate", path: pathOf([...this.path, name]) });
      names.add(name);
      if (!this.take(":")) this.syntax("expected ':'");
      this.path.push(name);
      this.readValue(depth + 1);
      this.path.pop();
    } while (this.take(","));
    if (!this.take("}")) this.syntax("expected ',' or '}'");
  }

  // The items of an array, its "[" read.
  private readArray(depth: number) {
    if (this.take("]")) return;
    let index = 0;
    do {
      this.path.push(index++);
      this.readValue(depth + 1);
      this.path.pop();
    } while (this.take(","));
    if (!this.take("]")) this.syntax("expected ',' or ']'");
  }

  private readValue(depth: number) {
    if (depth >= MAX_DEPTH) this.syntax(`nesting deeper than ${MAX_DEPTH} levels`);
    this.skipWhitespace();
    const c = this.text[this.i];
    if (c === "{" || c === "[") {
      this.i++;
      if (c === "{") this.readObject(depth);
      else this.readArray(depth);
      return;
    }
    if (c === '"') {
      this.readString();
      return;
    }
    const literal = ["true", "false", "null"].find((word) => this.text.startsWith(word, this.i));
    if (literal) {
      this.i += literal.length;
      return;
    }
    if (c === undefined) this.syntax("unexpected end of text");
    this.readNumber();
  }
}

// Parses `text` as JSON.parse does, but refuses a duplicate member at any depth (names compared after
// unescaping: "a" and "\u0061" are one name) and nesting deeper than MAX_DEPTH.
export function parseStrictJson(text: string): StrictJson {
  try {
    new StrictReader(text).readDocument();
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
  return { ok: true, value: JSON.parse(text) as unknown };
}
