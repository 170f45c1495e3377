// Vitest stands in for the server: `import "server-only"` is a no-op there.
export {};
