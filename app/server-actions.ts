import * as signOut from "./(app)/actions";
import * as settings from "./(app)/settings/actions";
import * as passwordless from "./(app)/settings/passwordless-actions";
import * as security from "./(app)/settings/security/actions";
import * as activity from "./(app)/settings/security/activity-actions";
import * as connected from "./(app)/settings/security/connected-actions";
import * as devices from "./(app)/settings/sessions/actions";
import * as todos from "./(app)/todos/actions";
import * as auth from "./(auth)/actions";
import * as approval from "./(auth)/approve-email-change/actions";
import * as passwords from "./(auth)/password-actions";
import * as providers from "./(auth)/provider-actions";
import * as secondStep from "./(auth)/two-factor-actions";

/**
 * Every "use server" module of the app. Each export declares its protected operation (see
 * lib/forms/action.ts); app/server-actions.test.ts fails when a module or an export is missing.
 */
export const SERVER_ACTION_MODULES: Record<string, Record<string, unknown>> = {
  "app/(app)/actions.ts": signOut,
  "app/(app)/settings/actions.ts": settings,
  "app/(app)/settings/passwordless-actions.ts": passwordless,
  "app/(app)/settings/security/actions.ts": security,
  "app/(app)/settings/security/activity-actions.ts": activity,
  "app/(app)/settings/security/connected-actions.ts": connected,
  "app/(app)/settings/sessions/actions.ts": devices,
  "app/(app)/todos/actions.ts": todos,
  "app/(auth)/actions.ts": auth,
  "app/(auth)/approve-email-change/actions.ts": approval,
  "app/(auth)/password-actions.ts": passwords,
  "app/(auth)/provider-actions.ts": providers,
  "app/(auth)/two-factor-actions.ts": secondStep,
};
