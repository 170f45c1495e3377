// Runs once when the server starts (Node.js runtime only): stamp each request with its client IP
// (sign-in throttling), create the admin of ADMIN_EMAIL/ADMIN_PASSWORD when no user has that email
// (here rather than in the start script, so a plain `next start` does it too), turn the env API
// credentials into keys, start this process's deletion-job and webhook workers and finish indexed-attribute builds.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnAuthSecretProblem } = await import("./lib/auth/secret");
  exitOnAuthSecretProblem();
  const { installClientIpStamp } = await import("./lib/client-ip");
  installClientIpStamp();
  // Loud when the test-data API is on (or why it stays off although E2E_TEST_API=1).
  const { warnAboutTestDataApi } = await import("./lib/testing/access");
  warnAboutTestDataApi();

  const { logError } = await import("./lib/errors");
  // Activity written before profile keys is sealed before this server serves (resumable; at once
  // when there is nothing to seal). A failure stops the start: reads expect sealed activity.
  const { sealLegacyActivityInApp } = await import("./lib/profile-keys/seal-legacy");
  await sealLegacyActivityInApp((line) => console.log(line));
  const { ensureEnvAdmin, UserChangeError } = await import("./lib/auth/users");
  try {
    const admin = await ensureEnvAdmin();
    if (admin?.status === "created") console.log(`admin created from ADMIN_EMAIL: ${admin.user.email}`);
    else if (admin && (admin.user.role !== "admin" || !admin.user.isActive)) {
      console.warn(`ADMIN_EMAIL ${admin.user.email} is an existing ${admin.user.isActive ? "" : "deactivated "}${admin.user.role} user, left unchanged`);
    }
  } catch (error) {
    if (error instanceof UserChangeError) console.error(`startup: no admin from the environment: ${error.message}`);
    else logError("startup: could not create the admin from ADMIN_EMAIL", error);
  }
  const { ensureBootstrapApiKeys } = await import("./lib/api-keys/api-keys");
  try {
    await ensureBootstrapApiKeys();
  } catch (error) {
    logError("startup: could not prepare API keys", error);
  }

  // Large deletions run here batch by batch; a job left by a killed server is picked up again at once
  // (its uncommitted batch rolled back with its connection), and several servers share one job.
  const { startDeletionWorker } = await import("./lib/deletion/worker");
  startDeletionWorker();

  // Webhooks from the outbox: every process delivers what is due (lib/webhooks/deliver.ts); a
  // delivery a killed server was sending is sent again once its lease runs out.
  const { startWebhookWorker } = await import("./lib/webhooks/worker");
  startWebhookWorker();

  // An indexed attribute whose build a stopped server cut short is built again.
  const { startAttributeIndexBuilds } = await import("./lib/attribute-indexes/attribute-indexes");
  startAttributeIndexBuilds();
}
