// Runs once when the server starts (Node.js runtime only): stamp each request with its client IP
// (sign-in throttling), create the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when there are no
// users, turn the env API credentials into keys, and start this process's deletion-job worker.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installClientIpStamp } = await import("./lib/auth/client-ip");
  installClientIpStamp();
  // Loud when the test-data API is on (or why it stays off although E2E_TEST_API=1).
  const { warnAboutTestDataApi } = await import("./lib/testing/access");
  warnAboutTestDataApi();

  const { ensureFirstAdmin } = await import("./lib/auth/users");
  const { ensureBootstrapApiKeys } = await import("./lib/api-keys/api-keys");
  try {
    const admin = await ensureFirstAdmin();
    if (admin) console.log(`first admin created: ${admin.email}`);
    await ensureBootstrapApiKeys();
  } catch (error) {
    console.error("startup: could not prepare users and API keys", error);
  }

  // Large deletions run here in leased batches; a job left by a stopped server resumes once its
  // lease expires.
  const { startDeletionWorker } = await import("./lib/jobs/deletion-jobs");
  startDeletionWorker();
}
