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

// Parses `text` as JSON.parse does, but refuses a duplicate member at any depth (names compared after
// unescaping: "a" and "\u0061" are one name) and nesting deeper than MAX_DEPTH.
export function parseStrictJson(text: string): StrictJson {
  let i = 0;
  const path: (string | number)[] = [];
  const syntax = (reason: string): never => {
    throw new Refusal({ ok: false, problem: "syntax", reason: `${reason} at character ${i + 1}` });
  };
  const skipWhitespace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  // Returns the string token's raw text (quotes included), checked.
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return text.slice(start, ++i);
      if (c < 0x20) syntax("a control character inside a string");
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) syntax("a bad \\u escape");
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          syntax("a bad escape");
        }
      } else {
        i++;
      }
    }
    return syntax("an unterminated string");
  };
  const readNumber = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === "-") syntax("an unexpected character");
    i += match![0].length;
  };
  const readValue = (depth: number): void => {
    if (depth >= MAX_DEPTH) syntax(`nesting deeper than ${MAX_DEPTH} levels`);
    skipWhitespace();
    const c = text[i];
    if (c === "{") {
      i++;
      const names = new Set<string>();
      skipWhitespace();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        skipWhitespace();
        if (text[i] !== '"') syntax("expected a member name");
        const name = JSON.parse(readString()) as string;
        if (names.has(name)) throw new Refusal({ ok: false, problem: "duplicate", path: pathOf([...path, name]) });
        names.add(name);
        skipWhitespace();
        if (text[i] !== ":") syntax("expected ':'");
        i++;
        path.push(name);
        readValue(depth + 1);
        path.pop();
        skipWhitespace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        syntax("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      skipWhitespace();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        path.push(index);
        readValue(depth + 1);
        path.pop();
        skipWhitespace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        syntax("expected ',' or ']'");
      }
    }
    if (c === '"') {
      readString();
      return;
    }
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    if (c === undefined) syntax("unexpected end of text");
    readNumber();
  };
  try {
    readValue(0);
    skipWhitespace();
    if (i < text.length) syntax("text after the JSON value");
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
  return { ok: true, value: JSON.parse(text) as unknown };
}
