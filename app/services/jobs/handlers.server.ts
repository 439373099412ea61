/**
 * Every module that registers outbox handlers or scheduled jobs. `startJobs` loads this
 * before it drains anything, because a message whose topic has no handler goes DEAD: the
 * worker process must know every topic the app can enqueue. A feature that registers a
 * handler adds its import here.
 */
import "~/services/email/index.server";
import "~/modules/contracts/billing.server";
import "~/modules/contracts/reminders.server";
import "~/modules/switching/switching.server";
import "~/modules/assurance/scan-job.server";
import "~/services/search/sync.server";
import "~/modules/retention/retention.server";
import "~/modules/accounts/password-reset.server";
