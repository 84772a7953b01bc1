import type { Migration } from "kysely";
import * as betterAuth from "./0001_better_auth";
import * as todo from "./0002_todo";
import * as outbox from "./0003_outbox";
import * as devices from "./0004_devices";
import * as sessionLifetime from "./0005_session_lifetime";
import * as todoCountsIndex from "./0006_todo_counts_index";
import * as rotationRecovery from "./0007_rotation_recovery";
import * as signInAddress from "./0008_sign_in_address";
import * as oneSigningKey from "./0009_one_signing_key";
import * as secondFactors from "./0010_second_factors";
import * as todoChangeVersion from "./0011_todo_change_version";
import * as authEvent from "./0012_auth_event";
import * as usedTotpCode from "./0013_used_totp_code";
import * as pruneRetiredTokens from "./0014_prune_retired_tokens";
import * as stepUpFactor from "./0015_step_up_factor";
import * as emailChange from "./0016_email_change";
import * as clearUnboundedImages from "./0017_clear_unbounded_images";

/** Listed statically so bundlers include them; the key order is the migration order. */
export const migrations: Record<string, Migration> = {
  "0001_better_auth": betterAuth,
  "0002_todo": todo,
  "0003_outbox": outbox,
  "0004_devices": devices,
  "0005_session_lifetime": sessionLifetime,
  "0006_todo_counts_index": todoCountsIndex,
  "0007_rotation_recovery": rotationRecovery,
  "0008_sign_in_address": signInAddress,
  "0009_one_signing_key": oneSigningKey,
  "0010_second_factors": secondFactors,
  "0011_todo_change_version": todoChangeVersion,
  "0012_auth_event": authEvent,
  "0013_used_totp_code": usedTotpCode,
  "0014_prune_retired_tokens": pruneRetiredTokens,
  "0015_step_up_factor": stepUpFactor,
  "0016_email_change": emailChange,
  "0017_clear_unbounded_images": clearUnboundedImages,
};
