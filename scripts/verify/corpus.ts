// Phase 1: a generated corpus of hostile requests for every API endpoint (Track v1, App API, the CSV
// upload routes). Every answer must come within a second and be < 500; a refusal (4xx) must carry the
// documented error envelope {"meta":{"errors":[…]}} and leave every table's row count unchanged.
// What the API accepted is rendered afterwards (People page, person page, activity log) in Chromium,
// where no script may run and no markup may appear.
import pg from "pg";
import { basic, bearer, type Credentials, isErrorEnvelope, listTables, type Report, request, tableCounts } from "./context";
import type { Callers } from "./fixtures";

// The mark every payload carries: a rendered page must show it as text, never as an element or a run script.
export const INJECTED_ATTR = "data-verify-injected";
const XSS = [
  `<img src=x onerror="window.__verifyXss=1" ${INJECTED_ATTR}>`,
  `<script ${INJECTED_ATTR}>window.__verifyXss=1</script>`,
  `"><b ${INJECTED_ATTR}>x</b>`,
  `javascript:window.__verifyXss=1`,
  `{{constructor.constructor('window.__verifyXss=1')()}}`,
];
const SQL = [`' OR '1'='1`, `'; DROP TABLE person; --`, `1); DELETE FROM suppression; --`, `$1`, `\\'; SELECT pg_sleep(5); --`];
const UNICODE = [
  "e\u0301\u0301\u0301combining",
  "zero\u200bwidth\u200d\ufeff",
  "rtl\u202eoverride\u202c",
  "emoji\u{1F600}\u{1F469}\u200d\u{1F4BB}",
  "\u0000nul",
  "lone\ud800surrogate",
  "ｆｕｌｌｗｉｄｔｈ",
];
const EMAILS = ["  MiXeD.Case@Example.TEST ", "a @b.test", "a@b", "@b.test", "a@@b.test", "<x>@b.test", "a\u0000@b.test", "a@b.test\n", "x".repeat(200) + "@b.test"];

type Expect = "refuse" | "either";
type Case = {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  expect: Expect;
  // An identify the API may accept: its identifier, to find the person for the rendering check.
  identifies?: string;
};

// Percent-encodes a value; a lone surrogate (which encodeURIComponent refuses) as its UTF-8 replacement bytes.
function enc(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
  }
}

// Identifier path segments, already encoded (sent as they are).
function identifierSegments(short: boolean): { segment: string; expect: Expect }[] {
  const tricks: { segment: string; expect: Expect }[] = [
    { segment: "..%2fsuppress", expect: "either" },
    { segment: "..%2F..%2F..%2Fv1%2Fcustomers", expect: "either" },
    { segment: "%2e%2e%2fsuppress", expect: "either" },
    { segment: "a%252fb", expect: "either" },
    { segment: "%252e%252e%252f", expect: "either" },
    { segment: "cio_", expect: "refuse" },
    { segment: "cio_%27%3B--", expect: "refuse" },
    { segment: "cio_zzzzzzzzzzzzzzzzzzzz", expect: "refuse" },
    { segment: "cio_" + "0".repeat(400), expect: "refuse" },
    { segment: "%00", expect: "refuse" },
    { segment: "a%00b", expect: "refuse" },
    { segment: "%ED%A0%80", expect: "either" },
    { segment: "%C3%28", expect: "either" },
    { segment: "%FF%FE", expect: "either" },
    { segment: "%zz", expect: "either" },
    { segment: "%20", expect: "refuse" },
    { segment: "x".repeat(151), expect: "refuse" },
    { segment: "x".repeat(short ? 4000 : 60_000), expect: "either" },
  ];
  const payloads = [...XSS, ...SQL, ...UNICODE, ...EMAILS].map((value) => ({ segment: enc(value), expect: "either" as const }));
  return [...tricks, ...(short ? payloads.filter((_, i) => i % 3 === 0) : payloads)];
}

function deepArray(depth: number): string {
  return `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`;
}
function deepObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

// Bodies that are never a valid identify or event.
function brokenBodies(): { name: string; body: string | Buffer; type?: string }[] {
  return [
    { name: "truncated JSON", body: `{"email":"a@b.test","plan":"pr` },
    { name: "open brace", body: "{" },
    { name: "trailing comma", body: `{"a":1,}` },
    { name: "single quotes", body: `{'a':1}` },
    { name: "NaN", body: `{"a":NaN}` },
    { name: "bare word", body: "nul" },
    { name: "array body", body: "[]" },
    { name: "string body", body: `"x"` },
    { name: "number body", body: "123" },
    { name: "null body", body: "null" },
    { name: "deep array 100,000", body: deepArray(100_000) },
    { name: "deep object 50,000", body: deepObject(50_000) },
    { name: "form body", body: "a=1&b=2", type: "application/x-www-form-urlencoded" },
    { name: "multipart body", body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n", type: "multipart/form-data; boundary=x" },
    { name: "invalid UTF-8", body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
    { name: "over 1 MB", body: JSON.stringify({ a: "x".repeat(1_000_001) }) },
    { name: "NUL in JSON", body: `{"a":"\\u0000"}` },
    { name: "lone surrogate", body: `{"a":"\\ud800"}` },
  ];
}

function identifyCases(short: boolean, run: string, auth: string): Case[] {
  const cases: Case[] = [];
  const person = (n: number | string) => `verify-${run}-${n}`;
  const put = (name: string, identifier: string, body: string | Buffer, expect: Expect, type = "application/json"): Case => ({
    name: `identify: ${name}`,
    method: "PUT",
    path: `/api/v1/customers/${enc(identifier)}`,
    headers: { authorization: auth, "content-type": type },
    body,
    expect,
    identifies: expect === "either" ? identifier : undefined,
  });
  brokenBodies().forEach((b, i) => cases.push(put(b.name, person(`broken-${i}`), b.body, b.name === "form body" || b.name === "invalid UTF-8" ? "either" : "refuse", b.type)));
  cases.push(put("empty body", person("empty"), "", "either"));
  cases.push(put("JSON as text/plain", person("plain"), `{"plan":"pro"}`, "either", "text/plain"));
  cases.push(put("no content type", person("notype"), `{"plan":"pro"}`, "either", ""));
  // Attribute names and values.
  const values = short ? [...XSS, SQL[1], UNICODE[0], UNICODE[2]] : [...XSS, ...SQL, ...UNICODE];
  values.forEach((value, i) => {
    const storable = !value.includes("\u0000") && !/[\ud800-\udfff](?![\udc00-\udfff])/.test(value.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));
    cases.push(put(`attribute value #${i}`, person(`value-${i}`), JSON.stringify({ note: value, email: `verify-${run}-value-${i}@example.test` }), storable ? "either" : "refuse"));
    cases.push(put(`attribute name #${i}`, person(`name-${i}`), JSON.stringify({ [value.slice(0, 140)]: "v" }), storable ? "either" : "refuse"));
  });
  for (const [i, key] of ["__proto__", "constructor", "prototype", "", " ", "a.b.c", "x".repeat(151)].entries()) {
    cases.push(put(`attribute name ${JSON.stringify(key.slice(0, 12))}`, person(`key-${i}`), `{${JSON.stringify(key)}:"v"}`, key.length > 150 ? "refuse" : "either"));
  }
  // Types where strings belong, and the reserved attributes.
  const wrongTypes: [string, unknown][] = [
    ["email", 123],
    ["email", ["a@b.test"]],
    ["email", { a: 1 }],
    ["email", true],
    ["id", []],
    ["id", { $ne: null }],
    ["created_at", "yesterday"],
    ["created_at", -1e400],
    ["created_at", "9".repeat(30)],
    ["unsubscribed", "maybe"],
    ["plan", ["a", "b"]],
    ["plan", { nested: { deeper: 1 } }],
    ["plan", "x".repeat(1001)],
  ];
  wrongTypes.forEach(([key, value], i) =>
    cases.push(put(`${key} = ${JSON.stringify(value)?.slice(0, 20)}`, person(`type-${i}`), `{${JSON.stringify(key)}:${JSON.stringify(value) ?? "1e400"}}`, key === "created_at" && value === -1e400 ? "either" : "refuse")),
  );
  (short ? EMAILS.slice(0, 5) : EMAILS).forEach((email, i) => cases.push(put(`email ${JSON.stringify(email).slice(0, 30)}`, person(`email-${i}`), JSON.stringify({ email }), "either")));
  const many = Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`a${i}`, i]));
  cases.push(put("301 attributes", person("many"), JSON.stringify(many), "refuse"));
  // The identifier itself.
  for (const { segment, expect } of identifierSegments(short)) {
    cases.push({ name: `identify path ${segment.slice(0, 30)}`, method: "PUT", path: `/api/v1/customers/${segment}`, headers: { authorization: auth, "content-type": "application/json" }, body: `{"plan":"free"}`, expect, identifies: expect === "either" ? decodeSafely(segment) : undefined });
  }
  return cases;
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function eventCases(short: boolean, run: string, auth: string): Case[] {
  const target = `/api/v1/customers/${enc(`verify-${run}-events`)}/events`;
  const post = (name: string, body: string | Buffer, expect: Expect, type = "application/json"): Case => ({ name: `event: ${name}`, method: "POST", path: target, headers: { authorization: auth, "content-type": type }, body, expect });
  const cases: Case[] = brokenBodies().map((b) => post(b.name, b.body, "refuse", b.type));
  cases.push(post("empty body", "", "refuse"));
  const bad: [string, unknown][] = [
    ["no name", { data: {} }],
    ["name number", { name: 5 }],
    ["name array", { name: ["a"] }],
    ["name blank", { name: "   " }],
    ["name 101 bytes", { name: "x".repeat(101) }],
    ["name NUL", { name: "a\u0000" }],
    ["type bogus", { name: "a", type: "<script>" }],
    ["timestamp string", { name: "a", timestamp: "now" }],
    ["timestamp negative", { name: "a", timestamp: -5 }],
    ["timestamp float", { name: "a", timestamp: 1.5 }],
    ["id 101", { name: "a", id: "x".repeat(101) }],
    ["id number", { name: "a", id: 7 }],
    ["data array", { name: "a", data: [1, 2] }],
    ["data string", { name: "a", data: "x" }],
    ["data deep 40", { name: "a", data: JSON.parse(deepObject(40)) as unknown }],
    ["data 100 KB+", { name: "a", data: { a: "x".repeat(100_001) } }],
    ["data key NUL", { name: "a", data: { "a\u0000": 1 } }],
  ];
  for (const [name, body] of bad) cases.push(post(name, JSON.stringify(body), "refuse"));
  for (const [i, value] of (short ? XSS.slice(0, 2) : [...XSS, ...SQL]).entries()) {
    cases.push(post(`payload #${i} in name and data`, JSON.stringify({ name: value.slice(0, 100), id: `${run}-ev-${i}`, data: { [value.slice(0, 40)]: value } }), "either"));
  }
  return cases;
}

function trackMiscCases(short: boolean, run: string, auth: string): Case[] {
  const cases: Case[] = [];
  for (const { segment, expect } of identifierSegments(short)) {
    for (const action of ["suppress", "unsuppress"]) {
      // A bare identifier may be suppressed (and unsuppressed) by design: either answer, never a 5xx.
      cases.push({ name: `${action} ${segment.slice(0, 30)}`, method: "POST", path: `/api/v1/customers/${segment}/${action}`, headers: { authorization: auth }, expect: expect === "refuse" ? "refuse" : "either" });
    }
    cases.push({ name: `delete ${segment.slice(0, 30)}`, method: "DELETE", path: `/api/v1/customers/${segment}`, headers: { authorization: auth }, expect: "either" });
  }
  // Imports: content types, empty and junk bodies, a declared size over the cap.
  const csv = (name: string, body: string | Buffer, expect: Expect, headers: Record<string, string> = { "content-type": "text/csv" }): Case => ({
    name: `import: ${name}`,
    method: "POST",
    path: `/api/v1/imports?file_name=${enc("<b>x</b>.csv")}`,
    headers: { authorization: auth, ...headers },
    body,
    expect,
  });
  cases.push(csv("JSON content type", `{"a":1}`, "refuse", { "content-type": "application/json" }));
  cases.push(csv("no content type", "id\nx", "refuse", {}));
  cases.push(csv("empty", "", "refuse"));
  cases.push(csv("declared 60 MB", "id\n", "refuse", { "content-type": "text/csv", "content-length": String(60_000_000) }));
  cases.push(csv("binary junk", Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), "either"));
  cases.push(csv("NUL in a value", `id,email\nverify-${run}-csvnul,a\u0000@b.test\n`, "either"));
  cases.push(csv("payloads", `id,email,note\n${XSS.map((x, i) => `verify-${run}-csv-${i},verify-${run}-csv-${i}@example.test,"${x.replace(/"/g, '""')}"`).join("\n")}\n`, "either"));
  cases.push(csv("unterminated quote", `id,note\n"abc,def\n`, "either"));
  for (const id of ["..%2f..%2fetc%2fpasswd", "%00", "x".repeat(short ? 500 : 5000), enc(XSS[0]), "1%20OR%201=1"]) {
    cases.push({ name: `import errors ${id.slice(0, 20)}`, method: "GET", path: `/api/v1/imports/${id}/errors`, headers: { authorization: auth }, expect: "refuse" });
  }
  // Wrong verbs.
  cases.push({ name: "GET identify", method: "GET", path: `/api/v1/customers/verify-${run}-x`, headers: { authorization: auth }, expect: "refuse" });
  cases.push({ name: "PATCH suppress", method: "PATCH", path: `/api/v1/customers/verify-${run}-x/suppress`, headers: { authorization: auth }, expect: "refuse" });
  // Credentials as hostile input.
  for (const header of ["Basic", "Basic !!!", `Basic ${Buffer.from(":").toString("base64")}`, `Basic ${Buffer.from("a".repeat(5000) + ":b").toString("base64")}`, "Bearer x", `Basic ${Buffer.from(`'OR 1=1--:x`).toString("base64")}`]) {
    cases.push({ name: `auth ${header.slice(0, 20)}`, method: "PUT", path: `/api/v1/customers/verify-${run}-auth`, headers: { authorization: header, "content-type": "application/json" }, body: "{}", expect: "refuse" });
  }
  return cases;
}

function appCases(short: boolean, auth: string): Case[] {
  const cases: Case[] = [];
  const search = (name: string, body: string | Buffer, expect: Expect, query = "", type = "application/json"): Case => ({ name: `search: ${name}`, method: "POST", path: `/v1/customers${query}`, headers: { authorization: auth, "content-type": type }, body, expect });
  brokenBodies().forEach((b) => cases.push(search(b.name, b.body, b.name === "null body" || b.name === "array body" || b.name === "number body" || b.name === "string body" ? "refuse" : "refuse", "", b.type)));
  const filters: unknown[] = [
    { filter: null },
    { filter: [] },
    { filter: "x" },
    { filter: { and: "x" } },
    { filter: { or: [{ attribute: { field: "'; DROP TABLE person; --", operator: "eq", value: "x" } }] } },
    { filter: { attribute: { field: "a", operator: "<script>", value: "x" } } },
    { filter: { attribute: { field: "a\u0000", operator: "eq", value: "x" } } },
    { filter: { attribute: { field: "a", operator: "eq", value: ["x"] } } },
    { filter: { segment: { id: "' OR 1=1" } } },
    { filter: { segment: { id: { $gt: 0 } } } },
  ];
  for (const [i, filter] of filters.entries()) cases.push(search(`filter #${i}`, JSON.stringify(filter), "either"));
  cases.push(search("not nested 100,000", `{"filter":${'{"not":'.repeat(100_000)}{"attribute":{"field":"a","operator":"exists"}}${"}".repeat(100_000)}}`, "refuse"));
  for (const q of ["?limit=-1", "?limit=abc", "?limit=1e9", "?limit=0x10", "?start=%00", "?start=" + "A".repeat(5000), "?start=eyJhIjoxfQ", "?limit[]=1"]) {
    cases.push(search(`query ${q.slice(0, 20)}`, `{"filter":{"and":[]}}`, q.startsWith("?start=eyJ") ? "either" : "either", q));
  }
  for (const { segment } of identifierSegments(short)) {
    cases.push({ name: `attributes ${segment.slice(0, 30)}`, method: "GET", path: `/v1/customers/${segment}/attributes`, headers: { authorization: auth }, expect: "refuse" });
    cases.push({ name: `activities ${segment.slice(0, 30)}`, method: "GET", path: `/v1/customers/${segment}/activities`, headers: { authorization: auth }, expect: "refuse" });
  }
  for (const q of ["?id_type=<script>", "?id_type=email&id_type=id", "?id_type=%00"]) {
    cases.push({ name: `attributes ${q}`, method: "GET", path: `/v1/customers/x/attributes${q}`, headers: { authorization: auth }, expect: "refuse" });
  }
  for (const q of ["?limit=-5", "?start=99999999999999999999999999", "?start=abc", "?type=%00", "?name=" + "x".repeat(3000)]) {
    cases.push({ name: `activities ${q.slice(0, 20)}`, method: "GET", path: `/v1/customers/x/activities${q}`, headers: { authorization: auth }, expect: "refuse" });
  }
  // ESP suppressions.
  for (const type of ["bounces", "<script>", "..%2f..%2f", "%00", "x".repeat(300)]) {
    cases.push({ name: `esp list ${type.slice(0, 20)}`, method: "GET", path: `/v1/esp/suppression/${type}?limit=abc&offset=-1`, headers: { authorization: auth }, expect: "refuse" });
    for (const email of ["a@b.test", ...EMAILS.map(enc), enc(XSS[0]), enc(SQL[0])].slice(0, short ? 4 : 20)) {
      cases.push({ name: `esp add ${type.slice(0, 10)} ${email.slice(0, 20)}`, method: "POST", path: `/v1/esp/suppression/${type}/${email}`, headers: { authorization: auth, "content-type": "application/json" }, body: `{"reason":${JSON.stringify(XSS[0])}}`, expect: type === "bounces" ? "either" : "refuse" });
      cases.push({ name: `esp remove ${type.slice(0, 10)} ${email.slice(0, 20)}`, method: "DELETE", path: `/v1/esp/suppression/${type}/${email}`, headers: { authorization: auth }, expect: type === "bounces" ? "either" : "refuse" });
    }
  }
  for (const body of ["{", "[]", `{"reason":5}`, `{"reason":"${"x".repeat(20_000)}"}`, deepArray(50_000)]) {
    // Unknown fields are ignored (a deep "a" is harmless); a broken or mistyped body is refused.
    const expect: Expect = body.startsWith(`{"a"`) ? "either" : "refuse";
    cases.push({ name: `esp add body ${body.slice(0, 12)}`, method: "POST", path: `/v1/esp/suppression/bounces/body-${Math.random().toString(36).slice(2)}%40example.test`, headers: { authorization: auth, "content-type": "application/json" }, body, expect });
  }
  for (const email of ["%00", "x".repeat(5000), enc(SQL[1]), "..%2f"]) {
    cases.push({ name: `esp search ${email.slice(0, 20)}`, method: "GET", path: `/v1/esp/search_suppression/${email}`, headers: { authorization: auth }, expect: "either" });
  }
  return cases;
}

function uploadCases(base: string, cookie: string, run: string): Case[] {
  const staff = { cookie, origin: base };
  const cases: Case[] = [];
  for (const [route, query] of [["/api/imports/people", "?file_name=%3Cb%3E.csv"], ["/api/imports/email-suppressions", "?intent=preview"]] as const) {
    const post = (name: string, body: string | Buffer, expect: Expect, headers: Record<string, string>, q: string = query): Case => ({ name: `upload ${route.split("/").pop()}: ${name}`, method: "POST", path: `${route}${q}`, headers: { ...staff, ...headers }, body, expect });
    cases.push(post("JSON type", "{}", "refuse", { "content-type": "application/json" }));
    cases.push(post("form type", "a=1", "refuse", { "content-type": "application/x-www-form-urlencoded" }));
    cases.push(post("empty", "", "refuse", { "content-type": "text/csv" }));
    cases.push(post("declared 60 MB", "id\n", "refuse", { "content-type": "text/csv", "content-length": "60000000" }));
    cases.push(post("foreign origin", "id\nx\n", "refuse", { "content-type": "text/csv", origin: "https://evil.example" }));
    cases.push(post("no origin", "id\nx\n", "refuse", { "content-type": "text/csv", origin: "null" }));
    cases.push(post("junk", Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31) % 256)), "either", { "content-type": "text/csv" }));
    cases.push(post("payloads", `id,email\nverify-${run}-up-1,"${XSS[0].replace(/"/g, '""')}"\n`, "either", { "content-type": "text/csv" }));
    if (route.endsWith("email-suppressions")) {
      for (const q of ["?intent=<script>", "?intent=apply&default_type=%00", "", "?intent[]=apply"]) cases.push(post(`query ${q || "(none)"}`, "email\na@b.test\n", "refuse", { "content-type": "text/csv" }, q));
    }
  }
  // Erase a list: a preview writes nothing whatever the list holds (a correct preview or a refusal);
  // an apply without its preview's time, or with a broken one, is refused before anything is read.
  const csv = { "content-type": "text/csv" };
  const list = (name: string, path: string, body: string | Buffer, expect: Expect, headers: Record<string, string> = csv): Case => ({ name: `erase list: ${name}`, method: "POST", path, headers: { ...staff, ...headers }, body, expect });
  const preview = "/api/erasure-requests/preview";
  cases.push(list("JSON type", preview, "{}", "refuse", { "content-type": "application/json" }));
  cases.push(list("empty", preview, "", "refuse"));
  cases.push(list("declared 200 MB", preview, "a\n", "refuse", { ...csv, "content-length": "200000000" }));
  cases.push(list("11 MB", preview, Buffer.alloc(11 * 1024 * 1024, 0x61), "refuse"));
  cases.push(list("100,001 lines", preview, "a\n".repeat(100_001), "refuse"));
  cases.push(list("binary", preview, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)), "either"));
  cases.push(list("100,000 identical lines", preview, `verify-${run}-same\n`.repeat(100_000), "either"));
  cases.push(list("NUL, 10,000 characters, mixed encodings", preview, Buffer.concat([Buffer.from(`a\u0000b\n${"x".repeat(10_000)}\n`), Buffer.from([0x63, 0xe9, 0x0a]), Buffer.from("caf\u00e9\n"), Buffer.from(`${SQL[1]}\n${XSS[0]}\n`)]), "either"));
  cases.push(list("CSV header only", preview, "email\n", "either"));
  for (const q of ["", "?previewed_at=yesterday", "?previewed_at=%00", "?previewed_at=2999-01-01T00:00:00Z&suppress=1", "?previewed_at=2020-01-01T00:00:00Z&preview_people=-1"]) {
    cases.push(list(`apply ${q || "(no preview)"}`, `/api/erasure-requests/apply${q}`, `verify-${run}-apply\n`, "refuse"));
  }
  return cases;
}

export type CorpusResult = { tried: number; status4xx: number; status5xx: number; slow: number; badShape: number; stored: number; acceptedIdentifiers: string[] };

export async function runCorpus(options: { base: string; databaseUrl: string; credentials: Credentials; callers: Callers; short: boolean; run: string; report: Report }): Promise<CorpusResult> {
  const { base, credentials, callers, short, run, report } = options;
  const track = basic(credentials.siteId, credentials.trackKey);
  const app = bearer(credentials.appKey);
  const cases = [...identifyCases(short, run, track), ...eventCases(short, run, track), ...trackMiscCases(short, run, track), ...appCases(short, app), ...uploadCases(base, callers.adminCookie, run)];
  // The person that event cases address exists, so events could be stored if accepted.
  await request({ base, method: "PUT", path: `/api/v1/customers/verify-${run}-events`, headers: { authorization: track, "content-type": "application/json" }, body: "{}" });

  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  // Sign-in bookkeeping changes with sessions, and the rate limits' buckets with every counted call,
  // not with what the requests tried here ask for.
  const tables = (await listTables(client)).filter((t) => !["session", "verification", "rate_limit", "api_rate", "_prisma_migrations"].includes(t));
  const result: CorpusResult = { tried: 0, status4xx: 0, status5xx: 0, slow: 0, badShape: 0, stored: 0, acceptedIdentifiers: [] };
  const failures: string[] = [];
  try {
    for (const c of cases) {
      const before = await tableCounts(client, tables);
      let response;
      try {
        response = await request({ base, method: c.method, path: c.path, headers: c.headers, body: c.body, timeoutMs: 5_000 });
      } catch (error) {
        result.tried++;
        result.slow++;
        failures.push(`${c.name}: no answer (${(error as Error).message})`);
        continue;
      }
      result.tried++;
      const after = await tableCounts(client, tables);
      const changed = tables.filter((t) => before[t] !== after[t]);
      if (response.status >= 500) {
        result.status5xx++;
        failures.push(`${c.name}: ${response.status}`);
      } else if (response.status >= 400) {
        result.status4xx++;
        // 401s of the API carry the envelope too; 404s of paths no route serves are Next's own page.
        const isRouteless = response.status === 404 && (response.headers["content-type"] ?? "").includes("text/html");
        // Node's HTTP parser refuses a request line or headers over 16 KB before the app sees them.
        const isParserRefusal = (response.status === 431 || response.status === 414) && response.body === "";
        if (!isRouteless && !isParserRefusal && !isErrorEnvelope(response.body)) {
          result.badShape++;
          failures.push(`${c.name}: ${response.status} without the error envelope: ${response.body.slice(0, 80)}`);
        }
        if (changed.length > 0) {
          result.stored++;
          failures.push(`${c.name}: refused with ${response.status} but changed ${changed.map((t) => `${t} ${before[t]}→${after[t]}`).join(", ")}`);
        }
      } else if (c.expect === "refuse") {
        failures.push(`${c.name}: expected a 4xx, got ${response.status}`);
      } else if (c.identifies) {
        result.acceptedIdentifiers.push(c.identifies);
      }
      if (response.ms > 1000) {
        result.slow++;
        failures.push(`${c.name}: answered in ${Math.round(response.ms)} ms`);
      }
    }
  } finally {
    await client.end();
  }
  await v2BatchExtremes({ base, databaseUrl: options.databaseUrl, auth: track, run, result, failures, report });
  for (const failure of failures.slice(0, 40)) console.log(`    ✗ ${failure}`);
  if (failures.length > 40) console.log(`    … and ${failures.length - 40} more`);
  report.add("corpus", "inputs tried", result.tried, true);
  report.add("corpus", "4xx / 5xx", `${result.status4xx} / ${result.status5xx}`, result.status5xx === 0);
  report.add("corpus", "refusals without error envelope", result.badShape, result.badShape === 0);
  report.add("corpus", "refused but stored", result.stored, result.stored === 0);
  report.add("corpus", "answers over 1 s or none", result.slow, result.slow === 0);
  const wrongAccept = failures.filter((f) => f.includes("expected a 4xx")).length;
  report.add("corpus", "accepted what must be refused", wrongAccept, wrongAccept === 0);
  return result;
}

// The v2 batch at its extremes: 7,000 suppress items (each a transaction and an audit entry of its own,
// under the 500 KB body cap) refused whole with 413 naming the count; 250,000 invalid items `[0,0,…]`
// answered in a few hundred bytes, not a list of 250,000 errors; and a database failure part-way (a
// trigger the corpus plants for one identifier) answered 207 with each item's status, the items
// before it applied, and everything applied once when the batch is sent again (the event by its id). Each counts as an input
// tried, under the same rules (< 500, within a second, the envelope on a refusal).
async function v2BatchExtremes(options: { base: string; databaseUrl: string; auth: string; run: string; result: CorpusResult; failures: string[]; report: Report }): Promise<void> {
  const { base, auth, run, result, failures, report } = options;
  const headers = { authorization: auth, "content-type": "application/json" };
  const person = (id: string, action: string, rest: Record<string, unknown> = {}) => ({ type: "person", identifiers: { id }, action, ...rest });
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const exists = async (id: string) => (await client.query(`SELECT 1 FROM person WHERE external_id = $1`, [id])).rowCount === 1;
  const send = async (name: string, body: string) => {
    result.tried++;
    const response = await request({ base, method: "POST", path: "/api/v2/batch", headers, body, timeoutMs: 5_000 });
    if (response.status >= 500) {
      result.status5xx++;
      failures.push(`${name}: ${response.status}`);
    } else if (response.status >= 400) {
      result.status4xx++;
      if (!isErrorEnvelope(response.body)) {
        result.badShape++;
        failures.push(`${name}: ${response.status} without the error envelope`);
      }
    }
    if (response.ms > 1000) {
      result.slow++;
      failures.push(`${name}: answered in ${Math.round(response.ms)} ms`);
    }
    return response;
  };
  try {
    const suppressions = Number((await client.query<{ count: string }>(`SELECT count(*) FROM suppression`)).rows[0].count);
    const many = JSON.stringify({ batch: Array.from({ length: 7_000 }, (_, i) => person(`s${i}`, "suppress")) });
    const tooMany = await send("v2 batch: 7,000 items", many);
    const stored = Number((await client.query<{ count: string }>(`SELECT count(*) FROM suppression`)).rows[0].count) - suppressions;
    const refusedWhole = tooMany.status === 413 && /7,000 items/.test(tooMany.body) && stored === 0;
    if (!refusedWhole) failures.push(`v2 batch: 7,000 items: ${tooMany.status}, ${stored} suppressions stored`);
    report.add("corpus", `v2 batch of 7,000 items (${Math.round(many.length / 1000)} KB)`, `${tooMany.status}, ${stored} stored`, refusedWhole);

    const zeros = `{"batch":[${Array(249_990).fill("0").join(",")}]}`;
    const invalid = await send("v2 batch: 249,990 invalid items", zeros);
    const bounded = invalid.status < 500 && invalid.body.length < 1_000;
    if (!bounded) failures.push(`v2 batch: 249,990 invalid items: ${invalid.status}, ${invalid.body.length} bytes`);
    report.add("corpus", `v2 batch of 249,990 invalid items (${Math.round(zeros.length / 1000)} KB)`, `${invalid.status}, answer ${invalid.body.length} bytes`, bounded);

    // A database failure part-way: any insert of the person "verify-fault-…" raises.
    const faulty = `verify-fault-${run}`;
    await client.query(`CREATE OR REPLACE FUNCTION verify_batch_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.external_id LIKE 'verify-fault-%' THEN RAISE EXCEPTION 'planted fault'; END IF; RETURN NEW; END $$`);
    await client.query(`CREATE TRIGGER verify_batch_fault BEFORE INSERT ON person FOR EACH ROW EXECUTE FUNCTION verify_batch_fault()`);
    const [before, after] = [`verify-${run}-mb-before`, `verify-${run}-mb-after`];
    const items = [person(before, "identify"), person(before, "event", { name: "paid", id: `${run}-mb-event` }), person(faulty, "identify"), person(after, "identify")];
    let midBatch;
    try {
      midBatch = await send("v2 batch: database failure part-way", JSON.stringify({ batch: items }));
    } finally {
      await client.query(`DROP TRIGGER IF EXISTS verify_batch_fault ON person`);
      await client.query(`DROP FUNCTION IF EXISTS verify_batch_fault()`);
    }
    const results = (JSON.parse(midBatch.body) as { results?: string[] }).results ?? [];
    const partial = midBatch.status === 207 && results.join(",") === "applied,applied,not_attempted,not_attempted" && (await exists(before)) && !(await exists(after));
    // Sent again whole, as a careless client would: the event's id keeps it stored once, the rest applies.
    const resent = await send("v2 batch: sent again whole", JSON.stringify({ batch: items }));
    const events = Number((await client.query<{ count: string }>(`SELECT count(*) FROM activity a JOIN person p ON p.key_id = a.key_id WHERE p.external_id = $1 AND a.type = 'event'`, [before])).rows[0].count);
    const recovered = resent.status === 200 && (await exists(faulty)) && (await exists(after)) && events === 1;
    if (!partial || !recovered) failures.push(`v2 batch: database failure part-way: ${midBatch.status} ${results.join(",")}; resent ${resent.status}, event stored ${events}×`);
    report.add("corpus", "v2 batch: database failure part-way → per-item results, resent once", `${midBatch.status} [${results.join(", ")}] → ${resent.status}`, partial && recovered);
  } finally {
    await client.end();
  }
}
