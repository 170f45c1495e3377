import { afterEach, describe, expect, it } from "vitest";
import { addressProblem, parseEndpointUrl, resolveEndpointAddress } from "./url-safety";

const saved = process.env.WEBHOOK_ALLOW_LOOPBACK;
afterEach(() => {
  if (saved === undefined) delete process.env.WEBHOOK_ALLOW_LOOPBACK;
  else process.env.WEBHOOK_ALLOW_LOOPBACK = saved;
});

describe("webhook URL safety", () => {
  it("wants https, a host and no credentials", () => {
    delete process.env.WEBHOOK_ALLOW_LOOPBACK;
    expect(parseEndpointUrl("https://hooks.example.com/a?b=c").toString()).toBe("https://hooks.example.com/a?b=c");
    for (const bad of ["", "not a url", "http://hooks.example.com/", "ftp://hooks.example.com/", "https://user:pw@hooks.example.com/", "javascript:alert(1)", `https://example.com/${"a".repeat(2_100)}`]) {
      expect(() => parseEndpointUrl(bad), bad).toThrow();
    }
  });

  it("allows plain http to loopback only with WEBHOOK_ALLOW_LOOPBACK=1", async () => {
    delete process.env.WEBHOOK_ALLOW_LOOPBACK;
    expect(() => parseEndpointUrl("http://127.0.0.1:9999/x")).toThrow(/https/);
    await expect(resolveEndpointAddress(new URL("https://127.0.0.1/x"))).rejects.toThrow(/loopback/);
    process.env.WEBHOOK_ALLOW_LOOPBACK = "1";
    expect(parseEndpointUrl("http://127.0.0.1:9999/x").port).toBe("9999");
    expect(parseEndpointUrl("http://localhost:9999/x").hostname).toBe("localhost");
    expect(() => parseEndpointUrl("http://hooks.example.com/")).toThrow(/https/);
    await expect(resolveEndpointAddress(new URL("http://127.0.0.1:9999/x"))).resolves.toMatchObject({ address: "127.0.0.1" });
  });

  it("refuses private, link-local, metadata and reserved addresses (also IPv4-mapped)", async () => {
    process.env.WEBHOOK_ALLOW_LOOPBACK = "1";
    for (const address of ["10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "fd00::1", "fe80::1", "::ffff:10.0.0.1", "::", "224.0.0.1"]) {
      expect(addressProblem(address), address).not.toBeNull();
    }
    for (const address of ["93.184.216.34", "2606:2800:220:1::1", "127.0.0.1"]) expect(addressProblem(address), address).toBeNull();
    await expect(resolveEndpointAddress(new URL("https://169.254.169.254/latest/meta-data"))).rejects.toThrow(/private, link-local/);
    await expect(resolveEndpointAddress(new URL("https://[fd00::1]/"))).rejects.toThrow(/private/);
  });
});
